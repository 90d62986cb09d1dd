import { z } from "zod";
import { getDatabase, withPlatform, withTenant, type Database } from "@/server/db";
import { OutageLog } from "@/server/db/database-unavailable";
import { authenticateApiKey, type ApiKeyPrincipal } from "./api-key-authentication";
import { throttleApiKey } from "./api-key-rate-limit";
import type { ApiOperation, OperationCall } from "./api-operation";
import { domainErrorReply } from "./domain-error-reply";
import { claimIdempotencyKey, idempotencyKeyHeader, recordIdempotentAnswer, requestFingerprint } from "./idempotency";
import { parseQuery } from "./query-parameters";
import { MAX_BODY_BYTES, parseBody } from "./request-body";
import { restError, restResponse, type RestReply } from "./rest-reply";

/** A request as the pipeline needs it, free of Next.js, so every step can be tested with a database alone. */
export interface ApiRequest {
  method: string;
  /** The URL's path, e.g. /api/v1/devices. */
  path: string;
  query: URLSearchParams;
  /** The route's path parameters, as Next.js decoded them. */
  params: Record<string, string>;
  authorization: string | null;
  contentType: string | null;
  idempotencyKey: string | null;
  /** The body's text; null when the operation takes none (it is then not read). */
  body: string | null;
}

const noParameters = z.object({});

export const READ_ONLY_KEY_MESSAGE =
  "This API key may only read (scope read). Registering, changing and deleting devices needs a read-write key, which an admin of your organisation creates in the portal under Integrations.";

/**
 * Every /api/v1 request, in order: which key (and so which tenant), within the key's shared rate, allowed
 * by its scope, valid input, then the operation in the tenant's transaction — with a POST's
 * Idempotency-Key claimed in that same transaction. The database being away is a 503 with Retry-After;
 * anything else unexpected is logged and answered 500 without details. `clock.now` stands still for
 * tests of the rate limit; otherwise the database's clock is used.
 */
export async function answerApiRequest(db: Database, request: ApiRequest, operation: ApiOperation, clock: { now?: Date } = {}): Promise<RestReply> {
  try {
    const reply = await admitAndRun(db, request, operation, clock);
    databaseOutage.succeeded();
    return reply;
  } catch (error) {
    if (databaseOutage.failed(error)) return restError(503, "The service is briefly unavailable; retry in a minute.", { "Retry-After": "30" });
    console.error("rest api: request failed", error);
    return restError(500, "The request failed on our side; retry in a minute. If it keeps failing, contact the council's network team.");
  }
}

/** Admission (key, shared rate, scope), input, then the operation, idempotently when asked. */
async function admitAndRun(db: Database, request: ApiRequest, operation: ApiOperation, clock: { now?: Date }): Promise<RestReply> {
  const admitted = await withPlatform(db, async (tx) => {
    const authenticated = await authenticateApiKey(tx, request.authorization);
    if ("refusal" in authenticated) return authenticated;
    const throttled = await throttleApiKey(tx, authenticated.key, clock.now);
    return throttled ? { refusal: throttled } : authenticated;
  });
  if ("refusal" in admitted) return admitted.refusal;
  const { key } = admitted;
  if (operation.access === "write" && key.scope !== "read-write") return restError(403, READ_ONLY_KEY_MESSAGE);

  const input = parseInput(operation, request);
  if ("refusal" in input) return input.refusal;
  const call = { key, actor: { apiKeyId: key.id, apiKeyName: key.name }, ...input.value };

  if (operation.idempotent && request.idempotencyKey !== null) {
    const header = idempotencyKeyHeader.safeParse(request.idempotencyKey);
    if (!header.success) return restError(400, `Header 'Idempotency-Key': ${header.error.issues[0]!.message}`);
    return runIdempotently(db, operation, call, header.data, requestFingerprint(request.method, request.path, input.value.body));
  }
  return run(db, operation, call);
}

type Call = Omit<OperationCall<unknown, unknown, unknown>, "tx">;

/** The operation in one tenant transaction; a domain error rolls it back and becomes its status. */
async function run(db: Database, operation: ApiOperation, call: Call): Promise<RestReply> {
  try {
    return await withTenant(db, { tenantId: call.key.tenantId }, (tx) => operation.handle({ ...call, tx }));
  } catch (error) {
    const reply = domainErrorReply(error);
    if (reply) return reply;
    throw error;
  }
}

/**
 * Claims the Idempotency-Key, then does the work in a savepoint, so a refusal (say, the DevEUI is taken)
 * undoes the work but is still stored with the key and committed: a retry gets that same refusal.
 */
function runIdempotently(db: Database, operation: ApiOperation, call: Call, idempotencyKey: string, fingerprint: string): Promise<RestReply> {
  const key: ApiKeyPrincipal = call.key;
  return withTenant(db, { tenantId: key.tenantId }, async (tx) => {
    const claim = await claimIdempotencyKey(tx, key, idempotencyKey, fingerprint);
    if ("answer" in claim) return claim.answer;
    let answer: RestReply;
    try {
      answer = await tx.transaction((savepoint) => operation.handle({ ...call, tx: savepoint as unknown as Database }));
    } catch (error) {
      const reply = domainErrorReply(error);
      if (!reply) throw error;
      answer = reply;
    }
    await recordIdempotentAnswer(tx, key, idempotencyKey, answer);
    return answer;
  });
}

function parseInput(operation: ApiOperation, request: ApiRequest): { value: { query: unknown; params: unknown; body: unknown } } | { refusal: RestReply } {
  const params = (operation.params ?? noParameters).safeParse(request.params);
  // Path parameters' messages already name them ("DevEUI must be …").
  if (!params.success) return { refusal: restError(400, params.error.issues[0]!.message) };
  const query = parseQuery(operation.query ?? noParameters, request.query);
  if ("refusal" in query) return query;
  if (!operation.body) return { value: { query: query.value, params: params.data, body: undefined } };
  const body = parseBody(operation.body, request.contentType, request.body);
  if ("refusal" in body) return body;
  return { value: { query: query.value, params: params.data, body: body.value } };
}

const databaseOutage = new OutageLog("rest api", "answering 503 until it is back");

/** For the route handlers: a Web Request in, a JSON Response out. */
export async function serveApiRequest(req: Request, operation: ApiOperation, params: Record<string, string>): Promise<Response> {
  const url = new URL(req.url);
  const body = operation.body ? await readBody(req) : null;
  if (typeof body === "object" && body !== null) return restResponse(body.refusal);
  const request: ApiRequest = {
    method: req.method, path: url.pathname, query: url.searchParams, params,
    authorization: req.headers.get("authorization"), contentType: req.headers.get("content-type"), idempotencyKey: req.headers.get("idempotency-key"),
    body,
  };
  return restResponse(await answerApiRequest(await getDatabase(), request, operation));
}

const TOO_LARGE = { refusal: restError(413, `The body is larger than ${MAX_BODY_BYTES / 1024} KiB; send one device per request.`) };

/** The body's text, refused unread when it says it is too large (and refused once read when it lied). */
async function readBody(req: Request): Promise<string | { refusal: RestReply }> {
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return TOO_LARGE;
  const text = await req.text();
  return Buffer.byteLength(text) > MAX_BODY_BYTES ? TOO_LARGE : text;
}
