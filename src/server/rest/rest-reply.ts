/** What a REST endpoint answers, before it becomes a Response: testable without a Next.js request. */
export interface RestReply {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Every error has the same shape, `{ "error": "<what was wrong and what is accepted>" }`, so machines can log it as is. */
export function restError(status: number, error: string, headers?: Record<string, string>): RestReply {
  return { status, body: { error }, headers };
}

export function restResponse(reply: RestReply): Response {
  return Response.json(reply.body, { status: reply.status, headers: { "Cache-Control": "no-store", ...reply.headers } });
}
