/** What a REST endpoint answers, before it becomes a Response: testable without a Next.js request. */
export interface RestReply<Body extends Record<string, unknown> | null = Record<string, unknown> | null> {
  status: number;
  /** null only for 204 No Content. */
  body: Body;
  headers?: Record<string, string>;
}

/** One field that failed validation, named by its path in the body ("tags.2") or the parameter's name. */
export interface FieldIssue { field: string; message: string }

export interface ErrorBody extends Record<string, unknown> { error: string; issues?: FieldIssue[] }

/**
 * Every error has the same shape, `{ "error": "<what was wrong and what is accepted>" }`, so machines can
 * log it as is; validation errors also list each field's problem in `issues`.
 */
export function restError(status: number, error: string, headers?: Record<string, string>, issues?: FieldIssue[]): RestReply<ErrorBody> {
  return { status, body: issues ? { error, issues } : { error }, headers };
}

export function restResponse(reply: RestReply): Response {
  const headers = { "Cache-Control": "no-store", ...reply.headers };
  return reply.body === null ? new Response(null, { status: reply.status, headers }) : Response.json(reply.body, { status: reply.status, headers });
}
