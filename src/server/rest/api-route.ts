import { operationsAt } from "./api-operations";
import type { HttpMethod } from "./api-operation";
import { serveApiRequest } from "./api-request";
import { restError, restResponse } from "./rest-reply";

type RouteContext = { params: Promise<Record<string, string | string[] | undefined> | undefined> };
type RouteHandler = (req: Request, context: RouteContext) => Promise<Response>;

const METHODS = { GET: "get", POST: "post", PUT: null, PATCH: "patch", DELETE: "delete" } as const satisfies Record<string, HttpMethod | null>;

/**
 * A route file's handlers, one per HTTP method, for the documented operations at `path` (OpenAPI's
 * template, e.g. "/devices/{devEui}"). A method with no operation there answers 405 naming those
 * that have one, so a route cannot serve anything the document does not describe.
 */
export function apiRoute(path: `/${string}`): Record<keyof typeof METHODS, RouteHandler> {
  const operations = operationsAt(path);
  const allowed = Object.entries(METHODS).filter(([, method]) => method && operations[method]).map(([name]) => name);
  if (allowed.length === 0) throw new Error(`No REST operation is documented at ${path}; add it to API_OPERATIONS.`);
  const handler = (method: HttpMethod | null): RouteHandler => {
    const operation = method ? operations[method] : undefined;
    if (!operation) {
      return async () => restResponse(restError(405, `${path} accepts ${allowed.join(", ")}; see the API documentation.`, { Allow: allowed.join(", ") }));
    }
    return async (req, context) => serveApiRequest(req, operation, textParams(await context.params));
  };
  return { GET: handler(METHODS.GET), POST: handler(METHODS.POST), PUT: handler(METHODS.PUT), PATCH: handler(METHODS.PATCH), DELETE: handler(METHODS.DELETE) };
}

/** Next.js resolves `params` to undefined for a path without dynamic segments. */
function textParams(params: Record<string, string | string[] | undefined> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(params ?? {}).flatMap(([name, value]) => (typeof value === "string" ? [[name, value]] : [])));
}
