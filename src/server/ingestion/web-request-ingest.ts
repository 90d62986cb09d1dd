import { handleIngest, type IngestDeps, type IngestFormat } from "./http-ingest";
import { readLimitedBody } from "./read-limited-body";

/** handleIngest for a Web Request (the Next.js route handlers). */
export async function ingestHttpEvent(req: Request, format: IngestFormat, deps: IngestDeps): Promise<Response> {
  const reply = await handleIngest(
    {
      authorization: req.headers.get("authorization"),
      contentType: req.headers.get("content-type"),
      eventType: new URL(req.url).searchParams.get("event"),
      readBody: (limit) => readLimitedBody(req, limit),
    },
    format,
    deps,
  );
  return Response.json(reply.body, { status: reply.status, headers: reply.headers });
}
