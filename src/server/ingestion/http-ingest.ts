import { LorawanInputError, normalizeChirpstackEvent, normalizeTtsEvent, RadioParameterError, type ClockPolicy, type NetworkEvent } from "@/domain/lorawan";
import type { OutageLog } from "@/server/db/database-unavailable";
import type { ConnectionCache } from "./connection-cache";
import type { IngestBatcher } from "./ingest-batcher";
import type { ConnectionRateLimiter } from "./rate-limiter";

export type IngestFormat = "chirpstack" | "tts";

/** Network-server events are small (a few hundred bytes, a few KiB with many gateways). */
export const MAX_INGEST_BODY_BYTES = 64 * 1024;

export interface IngestDeps {
  connections: ConnectionCache;
  limiter: ConnectionRateLimiter;
  batcher: IngestBatcher;
  /** Which reported event times are believed (domain/lorawan/event-clock.ts). */
  clockPolicy: ClockPolicy;
  /** Says once per outage that the database is away (requests are answered 503 meanwhile). */
  outage: OutageLog;
}

/**
 * One network-server request, as either HTTP front end sees it: the Next.js route (Web Request) and the
 * dedicated ingestion server (node:http). The body is read only once the connection is known to be
 * allowed, so an unauthenticated or throttled sender costs no parsing.
 */
export interface IngestRequest {
  authorization: string | null;
  contentType: string | null;
  /** ChirpStack's `?event=` query parameter. */
  eventType: string | null;
  /** The body as text, or null when it is larger than `limitBytes`. */
  readBody(limitBytes: number): Promise<string | null>;
}

export interface IngestReply { status: number; body: Record<string, unknown>; headers?: Record<string, string> }

const problem = (status: number, error: string, headers?: Record<string, string>): IngestReply => ({ status, body: { error }, headers });
const refusedSecret = () => problem(401, "That connection secret is not valid or the connection is disabled.");

/**
 * One event from a network server: authenticate the connection, limit its rate, validate and normalise
 * the body, then store it (batched with concurrent requests) before answering. Status codes are chosen
 * for the network server's retry logic: 2xx stored (or a duplicate, which is also success), 4xx never
 * worth retrying, 429/503 retry later.
 */
export async function handleIngest(request: IngestRequest, format: IngestFormat, deps: IngestDeps): Promise<IngestReply> {
  // Our clock, against which the event's own time is checked (domain/lorawan/event-clock.ts).
  const receivedAt = new Date();
  const secret = request.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!secret) return problem(401, "Missing header 'Authorization: Bearer <connection secret>'. The secret is shown when an operator creates the network connection.");
  let connection;
  try {
    connection = await deps.connections.lookup(secret);
  } catch (error) {
    if (!deps.outage.failed(error)) throw error;
    return retryLater;
  }
  if (!connection || connection.disabled) return refusedSecret();
  if (connection.kind !== format) return problem(403, `This connection is for ${connection.kind === "tts" ? "The Things Stack" : "ChirpStack"}; send its events to /api/ingest/${connection.kind}.`);

  const retryAfter = deps.limiter.take(connection.id, connection.ratePerSecond);
  if (retryAfter) return problem(429, `Rate limit of ${connection.ratePerSecond} events per second exceeded.`, { "Retry-After": String(retryAfter) });

  if (!/^application\/json\b/i.test(request.contentType ?? "")) {
    return problem(415, "Send the event as JSON with 'Content-Type: application/json' (ChirpStack: use the JSON marshaler).");
  }
  const text = await request.readBody(MAX_INGEST_BODY_BYTES);
  if (text === null) return problem(413, `Body larger than ${MAX_INGEST_BODY_BYTES / 1024} KiB.`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return problem(400, `Body is not valid JSON: ${(error as Error).message}`);
  }

  let event: NetworkEvent;
  try {
    event = format === "chirpstack" ? normalizeChirpstackEvent(request.eventType ?? "", body, receivedAt, deps.clockPolicy) : normalizeTtsEvent(body, receivedAt, deps.clockPolicy);
  } catch (error) {
    if (error instanceof RadioParameterError) return { status: 422, body: { error: error.message, field: error.field } };
    if (error instanceof LorawanInputError) return { status: error.field === "eventType" ? 400 : 422, body: { error: error.message, field: error.field } };
    throw error;
  }

  try {
    const outcome = await deps.batcher.submit({ event, connectionId: connection.id, secretHash: connection.secretHash });
    deps.outage.succeeded();
    if (outcome.status === "refused") return refusedSecret();
    return { status: outcome.status === "stored" ? 201 : 200, body: { ...outcome, dedupKey: event.dedupKey } };
  } catch (error) {
    if (!deps.outage.failed(error)) console.error("ingestion: storing an event failed", error);
    return retryLater;
  }
}

/** Nothing was stored; the network server keeps the event and sends it again. */
const retryLater = problem(503, "The event could not be stored right now; retry later.", { "Retry-After": "5" });
