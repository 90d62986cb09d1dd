import type { Database } from "@/server/db";
import type { ApiOperation } from "@/server/rest/api-operation";
import { answerApiRequest } from "@/server/rest/api-request";
import type { RestReply } from "@/server/rest/rest-reply";

export interface ApiCall {
  /** The Authorization header, e.g. createApiKeyRow(...).authorization. */
  authorization: string | null;
  query?: Record<string, string>;
  params?: Record<string, string>;
  /** Sent as JSON; `rawBody` sends text as it is. */
  body?: unknown;
  rawBody?: string;
  contentType?: string | null;
  idempotencyKey?: string;
  /** The rate limit's clock, stopped; the database's own otherwise. */
  now?: Date;
}

/** One request through the whole REST pipeline (key, rate limit, scope, validation, idempotency, operation), without HTTP. */
export function callApi(db: Database, operation: ApiOperation, call: ApiCall): Promise<RestReply> {
  const params = call.params ?? {};
  const path = `/api/v1${operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ""))}`;
  const hasBody = call.rawBody !== undefined || call.body !== undefined;
  return answerApiRequest(
    db,
    {
      method: operation.method.toUpperCase(), path, query: new URLSearchParams(call.query ?? {}), params,
      authorization: call.authorization, idempotencyKey: call.idempotencyKey ?? null,
      contentType: call.contentType === undefined ? (hasBody ? "application/json" : null) : call.contentType,
      body: call.rawBody ?? (call.body === undefined ? null : JSON.stringify(call.body)),
    },
    operation,
    { now: call.now },
  );
}
