import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomEui } from "../../../test/device-fixtures";
import { openTestDatabase } from "../../../test/database";
import { createTenant, createUser } from "../../../test/factories";
import { chirpstackUp, ttsUplink } from "../../../test/network-server-samples";
import { createIngestionConnections } from "../../../test/network-traffic";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { deviceEvents, devices, gateways, tenants, unclaimedEvents, usageHourly } from "@/server/db/schema";
import { createConnection } from "@/server/network/connections";
import type { IngestDeps } from "./http-ingest";
import { ingestHttpEvent } from "./web-request-ingest";
import { createIngestion } from "./ingestion-service";

let handle: DatabaseHandle;
let db: Database;
let deps: IngestDeps;
let chirpstackSecret: string;
let ttsSecret: string;


async function registerDevice(tenantId: string, devEui = randomEui()) {
  const [device] = await withPlatform(db, (tx) => tx.insert(devices).values({ tenantId, devEui, name: "sensor", activation: "otaa" }).returning());
  return device!;
}

function post(format: "chirpstack" | "tts", body: unknown, opts: { event?: string; secret?: string | null; contentType?: string; raw?: string } = {}) {
  const url = `http://localhost/api/ingest/${format}${format === "chirpstack" ? `?event=${opts.event ?? "up"}` : ""}`;
  const headers: Record<string, string> = { "content-type": opts.contentType ?? "application/json" };
  const secret = opts.secret === undefined ? (format === "chirpstack" ? chirpstackSecret : ttsSecret) : opts.secret;
  if (secret) headers.authorization = `Bearer ${secret}`;
  return ingestHttpEvent(new Request(url, { method: "POST", headers, body: opts.raw ?? JSON.stringify(body) }), format, deps);
}

async function eventsOf(deviceId: string) {
  return withPlatform(db, (tx) => tx.select().from(deviceEvents).where(eq(deviceEvents.deviceId, deviceId)));
}
async function usageOf(deviceId: string) {
  return withPlatform(db, (tx) => tx.select().from(usageHourly).where(eq(usageHourly.deviceId, deviceId)));
}

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  deps = createIngestion(db, { maxWaitMs: 2 });
  ({ chirpstackSecret, ttsSecret } = await createIngestionConnections(db));
});
afterAll(() => handle.close());

describe("ChirpStack HTTP integration", () => {
  it("stores and meters an uplink once, however often it is delivered", async () => {
    const tenant = await createTenant(db);
    const device = await registerDevice(tenant.id);
    const body = chirpstackUp({ devEui: device.devEui, fCnt: 7, data: Buffer.alloc(25, 1).toString("base64"), gateways: ["0016c001ff10a235", "0016c001ff10a236"] });
    const first = await post("chirpstack", body);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ status: "stored", suspended: false });
    const again = await post("chirpstack", body);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: "duplicate" });

    const events = await eventsOf(device.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ tenantId: tenant.id, kind: "uplink", fCnt: 7, payloadBytes: 25, phyBytes: 38, credits: 2, gatewayCount: 2, spreadingFactor: 7 });
    // SF7/125 kHz/CR4/5, 38-byte PHY, Tsym 1.024 ms: preamble 8 + 4.25 = 12.25 symbols;
    // payload 8 + ceil((8·38 − 4·7 + 28 + 16) / (4·7))·5 = 8 + 12·5 = 68 symbols → 80.25 × 1.024 = 82.176 ms.
    expect(events[0]!.airtimeMs).toBeCloseTo(82.176, 3);
    const usage = await usageOf(device.id);
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ uplinks: 1, credits: 2, payloadBytes: 25, gatewayReceptions: 2 });
    const [state] = await withPlatform(db, (tx) => tx.select().from(devices).where(eq(devices.id, device.id)));
    expect(state).toMatchObject({ lastFCnt: 7, lastRssi: -60, lastSnr: 9.5 });
    expect(state!.lastSeenAt).toEqual(new Date(body.time));
    const [gateway] = await withPlatform(db, (tx) => tx.select().from(gateways).where(eq(gateways.gatewayEui, "0016c001ff10a236")));
    expect(gateway?.lastSeenAt).not.toBeNull();
  });

  it("counts concurrent deliveries of the same events once", async () => {
    const tenant = await createTenant(db);
    const device = await registerDevice(tenant.id);
    const bodies = Array.from({ length: 20 }, (_, i) => chirpstackUp({ devEui: device.devEui, fCnt: i }));
    const responses = await Promise.all([...bodies, ...bodies, ...bodies].map((b) => post("chirpstack", b)));
    expect(responses.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    expect(responses.filter((r) => r.status === 201)).toHaveLength(20);
    expect(await eventsOf(device.id)).toHaveLength(20);
    const usage = await usageOf(device.id);
    expect(usage.reduce((sum, u) => sum + u.uplinks, 0)).toBe(20);
  });

  it("puts events of unknown DevEUIs in unclaimed traffic, once", async () => {
    const devEui = randomEui();
    const body = chirpstackUp({ devEui });
    expect((await (await post("chirpstack", body)).json()).status).toBe("unclaimed");
    await post("chirpstack", body);
    const rows = await withPlatform(db, (tx) => tx.select().from(unclaimedEvents).where(eq(unclaimedEvents.devEui, devEui)));
    expect(rows).toHaveLength(1);
  });

  it("stores a suspended tenant's traffic (it is still billable) and says so; a closed tenant's devices are released", async () => {
    const suspended = await createTenant(db, "suspended");
    const device = await registerDevice(suspended.id);
    const response = await post("chirpstack", chirpstackUp({ devEui: device.devEui }));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ status: "stored", suspended: true });
    expect(await usageOf(device.id)).toHaveLength(1);

    const closed = await createTenant(db, "closed");
    const released = await registerDevice(closed.id);
    expect(await (await post("chirpstack", chirpstackUp({ devEui: released.devEui }))).json()).toMatchObject({ status: "unclaimed" });
  });

  it("stores join, status and txack events without charging for status or downlinks", async () => {
    const tenant = await createTenant(db);
    const device = await registerDevice(tenant.id);
    const deviceInfo = chirpstackUp({ devEui: device.devEui }).deviceInfo;
    const time = new Date().toISOString();
    expect((await post("chirpstack", { deduplicationId: crypto.randomUUID(), time, deviceInfo, devAddr: "01020304" }, { event: "join" })).status).toBe(201);
    expect((await post("chirpstack", { deduplicationId: crypto.randomUUID(), time, deviceInfo, margin: 10, batteryLevel: 87.5 }, { event: "status" })).status).toBe(201);
    const [state] = await withPlatform(db, (tx) => tx.select().from(devices).where(eq(devices.id, device.id)));
    expect(state!.batteryLevel).toBe(87.5);
    const usage = await usageOf(device.id);
    expect(usage[0]).toMatchObject({ joins: 1, uplinks: 0, credits: 1 });
  });
});

describe("events from clocks that are wrong", () => {
  const FIVE_YEARS_MS = 5 * 365 * 24 * 3_600_000;
  const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);

  it("stores a far-future uplink at the receive time, flagged, billed to the current hour, and keeps last seen in the present", async () => {
    const tenant = await createTenant(db);
    const device = await registerDevice(tenant.id);
    const gatewayEui = randomEui();
    const reported = new Date(Date.now() + FIVE_YEARS_MS);
    const body = chirpstackUp({ devEui: device.devEui, time: reported.toISOString(), gateways: [gatewayEui] });
    (body.rxInfo[0] as Record<string, unknown>).gwTime = reported.toISOString();

    const before = new Date();
    const response = await post("chirpstack", body);
    const after = new Date();
    expect(response.status).toBe(201);

    const [event] = await eventsOf(device.id);
    expect(event).toMatchObject({ clockSkew: true, details: expect.objectContaining({ reportedAt: reported.toISOString() }) });
    expect(event!.occurredAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(event!.occurredAt.getTime()).toBeLessThanOrEqual(after.getTime());
    expect((await usageOf(device.id)).map((u) => [u.hour, u.uplinks])).toEqual([[hourOf(event!.occurredAt), 1]]);
    const [state] = await withPlatform(db, (tx) => tx.select().from(devices).where(eq(devices.id, device.id)));
    expect(state!.lastSeenAt).toEqual(event!.occurredAt);
    const [gateway] = await withPlatform(db, (tx) => tx.select().from(gateways).where(eq(gateways.gatewayEui, gatewayEui)));
    expect(gateway!.lastSeenAt!.getTime()).toBeLessThanOrEqual(after.getTime());
  });

  it("applies the deployment's window: two days late is believed where CLOCK_SKEW_MAX_LATE_HOURS allows 72", async () => {
    const tenant = await createTenant(db);
    const device = await registerDevice(tenant.id);
    const wide = createIngestion(db, { maxWaitMs: 2, clockPolicy: { maxAheadMs: 5 * 60_000, maxBehindMs: 72 * 3_600_000 } });
    const twoDaysAgo = new Date(Date.now() - 48 * 3_600_000);
    const body = chirpstackUp({ devEui: device.devEui, time: twoDaysAgo.toISOString() });
    const request = new Request("http://localhost/api/ingest/chirpstack?event=up", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${chirpstackSecret}` }, body: JSON.stringify(body) });
    expect((await ingestHttpEvent(request, "chirpstack", wide)).status).toBe(201);
    const [event] = await eventsOf(device.id);
    expect(event).toMatchObject({ clockSkew: false, occurredAt: twoDaysAgo });
  });

  it("stores a TTS uplink dated five years back at the receive time, flagged; an on-time one is not flagged", async () => {
    const tenant = await createTenant(db);
    const device = await registerDevice(tenant.id);
    const late = ttsUplink({ devEui: device.devEui, receivedAt: new Date(Date.now() - FIVE_YEARS_MS).toISOString() });
    expect((await post("tts", late)).status).toBe(201);
    expect((await post("tts", ttsUplink({ devEui: device.devEui, fCnt: 2 }))).status).toBe(201);
    const events = await eventsOf(device.id);
    expect(events.map((e) => e.clockSkew).sort()).toEqual([false, true]);
    expect(events.every((e) => Math.abs(e.occurredAt.getTime() - Date.now()) < 60_000)).toBe(true);
  });
});

describe("The Things Stack webhook", () => {
  it("stores an uplink with the airtime TTS reports, once", async () => {
    const tenant = await createTenant(db);
    const device = await registerDevice(tenant.id);
    const body = ttsUplink({ devEui: device.devEui, fCnt: 42 });
    expect((await post("tts", body)).status).toBe(201);
    expect((await post("tts", body)).status).toBe(200);
    const events = await eventsOf(device.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "uplink", fCnt: 42, fPort: 2, payloadBytes: 4, spreadingFactor: 9, gatewayCount: 1 });
    expect(events[0]!.airtimeMs).toBeCloseTo(185.344, 3);
    expect(events[0]!.details).toMatchObject({ airtimeSource: "network" });
  });
});

describe("bad requests are refused with a clear error and store nothing", () => {
  it.each([
    ["no secret", () => post("chirpstack", {}, { secret: null }), 401, /Authorization: Bearer/],
    ["a wrong secret", () => post("chirpstack", {}, { secret: "x".repeat(43) }), 401, /not valid/],
    ["a TTS secret on the ChirpStack path", () => post("chirpstack", {}, { secret: ttsSecret }), 403, /\/api\/ingest\/tts/],
    ["a form body", () => post("chirpstack", {}, { contentType: "application/x-www-form-urlencoded" }), 415, /JSON/],
    ["a body over 64 KiB", () => post("chirpstack", {}, { raw: JSON.stringify({ pad: "x".repeat(70_000) }) }), 413, /64 KiB/],
    ["malformed JSON", () => post("chirpstack", {}, { raw: "{ not json" }), 400, /not valid JSON/],
    ["an unknown event type", () => post("chirpstack", chirpstackUp({ devEui: randomEui() }), { event: "teleport" }), 400, /unknown ChirpStack event type 'teleport'/],
  ] as const)("%s → %d", async (_what, send, status, message) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect((await response.json()).error).toMatch(message);
  });

  it.each([
    ["bad base64", { data: "not base64!!" }, /data/],
    ["spreading factor 13", { spreadingFactor: 13 }, /spreading factor/i],
    ["a wrong-length DevEUI", { devEui: "0102" }, /devEui/],
  ])("%s → 422 and nothing stored", async (_what, change, message) => {
    const tenant = await createTenant(db);
    const device = await registerDevice(tenant.id);
    const body = chirpstackUp({ devEui: device.devEui, ...change });
    const response = await post("chirpstack", body);
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatch(message);
    expect(await eventsOf(device.id)).toEqual([]);
    expect(await usageOf(device.id)).toEqual([]);
  });

  it("limits each connection's rate with 429 and Retry-After", async () => {
    const operator = await createUser(db, { platformRole: "operator" });
    const { secret } = await withPlatform(db, (tx) => createConnection(tx, { userId: operator.id, email: operator.email }, { name: "slow", kind: "chirpstack", ratePerSecond: 2 }));
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post("chirpstack", chirpstackUp({ devEui: randomEui() }), { secret })).status);
    expect(statuses.slice(0, 2).every((s) => s === 200)).toBe(true);
    const limited = await post("chirpstack", chirpstackUp({ devEui: randomEui() }), { secret });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
  });

  it("keeps tenants apart: an event is stored only under its device's tenant", async () => {
    const a = await createTenant(db);
    const b = await createTenant(db);
    const device = await registerDevice(a.id);
    await post("chirpstack", chirpstackUp({ devEui: device.devEui }));
    const underB = await withPlatform(db, (tx) => tx.select().from(deviceEvents).where(and(eq(deviceEvents.tenantId, b.id))));
    expect(underB).toEqual([]);
    void tenants;
  });
});
