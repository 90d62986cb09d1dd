import { LorawanInputError, normalizeChirpstackEvent, normalizeTtsEvent, RadioParameterError, type NetworkEvent } from "@/domain/lorawan";
import type { ConnectionCache } from "./connection-cache";
import type { IngestBatcher } from "./ingest-batcher";
import type { ConnectionRateLimiter } from "./rate-limiter";
import { readLimitedBody } from "./read-limited-body";

export type IngestFormat = "chirpstack" | "tts";

/** Network-server events are small (a few hundred bytes, a few KiB with many gateways). */
export const MAX_INGEST_BODY_BYTES = 64 * 1024;

export interface IngestDeps { connections: ConnectionCache; limiter: ConnectionRateLimiter; batcher: IngestBatcher }

const json = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers });
const problem = (status: number, error: string, headers?: Record<string, string>) => json(status, { error }, headers);

/**
 * One event from a network server: authenticate the connection, limit its rate, validate and normalise
 * the body, then store it (batched with concurrent requests) before answering. Status codes are chosen
 * for the network server's retry logic: 2xx stored (or a duplicate, which is also success), 4xx never
 * worth retrying, 429/503 retry later.
 */
export async function ingestHttpEvent(req: Request, format: IngestFormat, deps: IngestDeps): Promise<Response> {
  const secret = req.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!secret) return problem(401, "Missing header 'Authorization: Bearer <connection secret>'. The secret is shown when an operator creates the network connection.");
  const connection = await deps.connections.lookup(secret);
  if (!connection || connection.disabled) return problem(401, "That connection secret is not valid or the connection is disabled.");
  if (connection.kind !== format) return problem(403, `This connection is for ${connection.kind === "tts" ? "The Things Stack" : "ChirpStack"}; send its events to /api/ingest/${connection.kind}.`);

  const retryAfter = deps.limiter.take(connection.id, connection.ratePerSecond);
  if (retryAfter) return problem(429, `Rate limit of ${connection.ratePerSecond} events per second exceeded.`, { "Retry-After": String(retryAfter) });

  if (!/^application\/json\b/i.test(req.headers.get("content-type") ?? "")) {
    return problem(415, "Send the event as JSON with 'Content-Type: application/json' (ChirpStack: use the JSON marshaler).");
  }
  const text = await readLimitedBody(req, MAX_INGEST_BODY_BYTES);
  if (text === null) return problem(413, `Body larger than ${MAX_INGEST_BODY_BYTES / 1024} KiB.`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return problem(400, `Body is not valid JSON: ${(error as Error).message}`);
  }

  let event: NetworkEvent;
  try {
    event = format === "chirpstack" ? normalizeChirpstackEvent(new URL(req.url).searchParams.get("event") ?? "", body) : normalizeTtsEvent(body);
  } catch (error) {
    if (error instanceof RadioParameterError) return json(422, { error: error.message, field: error.field });
    if (error instanceof LorawanInputError) return json(error.field === "eventType" ? 400 : 422, { error: error.message, field: error.field });
    throw error;
  }

  try {
    const outcome = await deps.batcher.submit({ event, connectionId: connection.id });
    return json(outcome.status === "stored" ? 201 : 200, { ...outcome, dedupKey: event.dedupKey });
  } catch (error) {
    console.error("ingestion: storing an event failed", error);
    return problem(503, "The event could not be stored right now; retry later.", { "Retry-After": "5" });
  }
}
