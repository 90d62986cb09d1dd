import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../test/database";
import { createTenant } from "../../../test/factories";
import { chirpstackUp, ttsUplink } from "../../../test/network-server-samples";
import { createIngestionConnections, randomEui, registerDevice } from "../../../test/network-traffic";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { deviceEvents, usageHourly } from "@/server/db/schema";
import { MAX_INGEST_BODY_BYTES, type IngestDeps } from "./http-ingest";
import { createIngestionServer } from "./ingestion-server";
import { createIngestion } from "./ingestion-service";
import { ingestHttpEvent } from "./web-request-ingest";

let handle: DatabaseHandle;
let db: Database;
let deps: IngestDeps;
let server: Server;
let origin: string;
let chirpstackSecret: string;
let ttsSecret: string;

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  deps = createIngestion(db, { maxWaitMs: 2 });
  ({ chirpstackSecret, ttsSecret } = await createIngestionConnections(db));
  server = createIngestionServer(deps);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await handle.close();
});

interface Send { method?: string; secret?: string | null; contentType?: string; body?: string }

function requestInit({ method = "POST", secret = chirpstackSecret, contentType = "application/json", body }: Send): RequestInit {
  const headers: Record<string, string> = { "content-type": contentType };
  if (secret) headers.authorization = `Bearer ${secret}`;
  return { method, headers, body };
}

const send = (path: string, options: Send = {}) => fetch(origin + path, requestInit(options));
const chirpstack = (body: unknown, event = "up") => send(`/api/ingest/chirpstack?event=${event}`, { body: JSON.stringify(body) });

describe("the ingestion server stores events", () => {
  it("stores and meters a ChirpStack uplink once, however often it is delivered", async () => {
    const device = await registerDevice(db, (await createTenant(db)).id);
    const body = chirpstackUp({ devEui: device.devEui, fCnt: 7 });
    const first = await chirpstack(body);
    expect(first.status).toBe(201);
    expect(first.headers.get("content-type")).toBe("application/json");
    expect(await first.json()).toEqual({ status: "stored", suspended: false, dedupKey: expect.stringContaining(body.deduplicationId) });
    const again = await chirpstack(body);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: "duplicate" });

    const events = await withPlatform(db, (tx) => tx.select().from(deviceEvents).where(eq(deviceEvents.deviceId, device.id)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "uplink", fCnt: 7 });
    const usage = await withPlatform(db, (tx) => tx.select().from(usageHourly).where(eq(usageHourly.deviceId, device.id)));
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ uplinks: 1 });
  });

  it("stores a The Things Stack uplink", async () => {
    const device = await registerDevice(db, (await createTenant(db)).id);
    const response = await send("/api/ingest/tts", { secret: ttsSecret, body: JSON.stringify(ttsUplink({ devEui: device.devEui, fCnt: 42 })) });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ status: "stored" });
    const events = await withPlatform(db, (tx) => tx.select().from(deviceEvents).where(eq(deviceEvents.deviceId, device.id)));
    expect(events).toEqual([expect.objectContaining({ kind: "uplink", fCnt: 42 })]);
  });
});

describe("the ingestion server's routes", () => {
  it("answers /healthz", async () => {
    const response = await fetch(`${origin}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("answers 404 elsewhere, naming the endpoints", async () => {
    const response = await send("/api/ingest/loriot?event=up", { body: "{}" });
    expect(response.status).toBe(404);
    expect((await response.json()).error).toBe("No ingestion endpoint at /api/ingest/loriot; use /api/ingest/chirpstack or /api/ingest/tts.");
  });

  it("answers 404 for paths that are names of object properties, not routes", async () => {
    for (const path of ["/constructor", "/__proto__", "/toString"]) expect((await send(path, { body: "{}" })).status).toBe(404);
  });

  it("answers 405 with Allow: POST to other methods on an ingestion endpoint", async () => {
    const response = await fetch(`${origin}/api/ingest/chirpstack?event=up`);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect((await response.json()).error).toMatch(/POST/);
  });
});

describe("the ingestion server refuses bad requests", () => {
  it.each([
    ["no Authorization header", { secret: null, body: "{}" }, 401, /Authorization: Bearer/],
    ["a form body", { contentType: "application/x-www-form-urlencoded", body: "a=1" }, 415, /Content-Type: application\/json/],
    ["malformed JSON", { body: "{ not json" }, 400, /not valid JSON/],
  ] as const)("%s → %d", async (_what, options, status, message) => {
    const response = await send("/api/ingest/chirpstack?event=up", options);
    expect(response.status).toBe(status);
    expect((await response.json()).error).toMatch(message);
  });

  it("refuses a body over the limit with 413 and closes the connection rather than read the rest", async () => {
    const response = await send("/api/ingest/chirpstack?event=up", { body: JSON.stringify({ pad: "x".repeat(MAX_INGEST_BODY_BYTES) }) });
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
    expect((await response.json()).error).toMatch(/64 KiB/);
  });

  it("refuses an oversized body sent without a Content-Length (chunked) too", async () => {
    const response = await fetch(`${origin}/api/ingest/chirpstack?event=up`, endlessBody(requestInit({})));
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
  });

  it("closes the connection instead of reading a large body it refused before reading", async () => {
    const response = await fetch(`${origin}/api/ingest/chirpstack?event=up`, endlessBody(requestInit({ secret: null })));
    expect(response.status).toBe(401);
    expect(response.headers.get("connection")).toBe("close");
  });

  it("keeps the connection after refusing a small body, so a throttled network server need not reconnect", async () => {
    const response = await send("/api/ingest/chirpstack?event=up", { secret: null, body: "{}" });
    expect(response.status).toBe(401);
    expect(response.headers.get("connection")).toBe("keep-alive");
  });
});

/** A streamed (chunked) body of 1 MiB, far over the limit, so the server must stop reading rather than wait for the end. */
function endlessBody(init: RequestInit): RequestInit {
  const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ < 64) controller.enqueue(chunk);
      else controller.close();
    },
  });
  // Node's fetch needs `duplex` to stream a request body; the DOM's RequestInit type does not know it.
  return { ...init, body, duplex: "half" } as RequestInit;
}

describe("the ingestion server answers exactly as the web app's route does", () => {
  it.each([
    ["a ChirpStack up without deviceInfo", "chirpstack", "?event=up", () => ({ ...chirpstackUp({ devEui: randomEui() }), deviceInfo: undefined })],
    ["an unknown ChirpStack event type", "chirpstack", "?event=teleport", () => chirpstackUp({ devEui: randomEui() })],
    ["a TTS uplink with a bad DevEUI", "tts", "", () => ttsUplink({ devEui: "0102" })],
  ] as const)("%s", async (_what, format, query, makeBody) => {
    const body = JSON.stringify(makeBody());
    const init = requestInit({ secret: format === "tts" ? ttsSecret : chirpstackSecret, body });
    const fromServer = await fetch(`${origin}/api/ingest/${format}${query}`, init);
    const fromRoute = await ingestHttpEvent(new Request(`http://localhost/api/ingest/${format}${query}`, init), format, deps);

    expect(fromServer.status).toBeGreaterThanOrEqual(400);
    expect(fromServer.status).toBe(fromRoute.status);
    const json = await fromServer.json();
    expect(json.error).toEqual(expect.any(String));
    expect(json).toEqual(await fromRoute.json());
  });
});
