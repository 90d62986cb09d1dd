import { getDatabase, type Database } from "@/server/db";
import { ConnectionRateLimiter } from "@/server/ingestion/rate-limiter";
import { authenticateApiKey, type ApiKeyPrincipal } from "./api-key-authentication";
import { throttleApiKey } from "./api-key-rate-limit";
import { restError, restResponse, type RestReply } from "./rest-reply";

export interface ApiRequestDeps { db: Database; limiter: ConnectionRateLimiter }
export type Endpoint = (db: Database, key: ApiKeyPrincipal) => Promise<RestReply>;

/**
 * Every /api/v1 request, in order: which key (and so which tenant), within the key's rate, then the
 * endpoint. Anything unexpected is logged and answered 500 without details.
 */
export async function answerApiRequest(deps: ApiRequestDeps, authorization: string | null, endpoint: Endpoint): Promise<RestReply> {
  try {
    const authenticated = await authenticateApiKey(deps.db, authorization);
    if ("refusal" in authenticated) return authenticated.refusal;
    return throttleApiKey(deps.limiter, authenticated.key.id) ?? (await endpoint(deps.db, authenticated.key));
  } catch (error) {
    console.error("rest api: request failed", error);
    return restError(500, "The request failed on our side; retry in a minute. If it keeps failing, contact the council's network team.");
  }
}

// One per process, like ingestion's; see ConnectionRateLimiter for why that is close enough with several.
const limiter = new ConnectionRateLimiter();

/** For the route handlers: a Web Request in, a JSON Response out. */
export async function serveApiRequest(req: Request, endpoint: Endpoint): Promise<Response> {
  return restResponse(await answerApiRequest({ db: await getDatabase(), limiter }, req.headers.get("authorization"), endpoint));
}

/** Exported by the routes as POST, PUT, PATCH and DELETE, so a write attempt gets a reason rather than an empty 405. */
export function methodNotAllowed(): Response {
  return restResponse(restError(405, "The REST API is read-only: use GET. Devices are registered and changed in the portal.", { Allow: "GET" }));
}
