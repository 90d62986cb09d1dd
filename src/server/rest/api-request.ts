import { getDatabase, type Database } from "@/server/db";
import { OutageLog } from "@/server/db/database-unavailable";
import { ConnectionRateLimiter } from "@/server/ingestion/rate-limiter";
import { authenticateApiKey, type ApiKeyPrincipal } from "./api-key-authentication";
import { throttleApiKey } from "./api-key-rate-limit";
import { restError, restResponse, type RestReply } from "./rest-reply";

export interface ApiRequestDeps { db: Database; limiter: ConnectionRateLimiter }
export type Endpoint = (db: Database, key: ApiKeyPrincipal) => Promise<RestReply>;

/**
 * Every /api/v1 request, in order: which key (and so which tenant), within the key's rate, then the
 * endpoint. The database being away is a 503 with Retry-After; anything else unexpected is logged
 * and answered 500 without details.
 */
export async function answerApiRequest(deps: ApiRequestDeps, authorization: string | null, endpoint: Endpoint): Promise<RestReply> {
  try {
    const authenticated = await authenticateApiKey(deps.db, authorization);
    if ("refusal" in authenticated) return authenticated.refusal;
    const reply = throttleApiKey(deps.limiter, authenticated.key.id) ?? (await endpoint(deps.db, authenticated.key));
    databaseOutage.succeeded();
    return reply;
  } catch (error) {
    if (databaseOutage.failed(error)) return restError(503, "The service is briefly unavailable; retry in a minute.", { "Retry-After": "30" });
    console.error("rest api: request failed", error);
    return restError(500, "The request failed on our side; retry in a minute. If it keeps failing, contact the council's network team.");
  }
}

const databaseOutage = new OutageLog("rest api", "answering 503 until it is back");

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
