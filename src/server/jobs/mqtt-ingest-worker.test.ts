import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { connectAsync, type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomEui } from "../../../test/device-fixtures";
import { openTestDatabase } from "../../../test/database";
import { createTenant, createUser } from "../../../test/factories";
import { chirpstackUp } from "../../../test/network-server-samples";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { deviceEvents, devices, usageHourly } from "@/server/db/schema";
import { IngestBatcher } from "@/server/ingestion/ingest-batcher";
import { createIngestion } from "@/server/ingestion/ingestion-service";
import type { IngestItem, IngestOutcome } from "@/server/ingestion/store-events";
import { createConnection } from "@/server/network/connections";
import { isDataError, MqttIngestWorker, type MqttIngestWorkerOptions, type WorkerLog } from "./mqtt-ingest-worker";

const MQTT_URL = process.env.MQTT_URL || "mqtt://127.0.0.1:1883";

async function brokerReachable() {
  try {
    const probe = await connectAsync(MQTT_URL, { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 2_000 });
    await probe.endAsync();
    return true;
  } catch {
    return false;
  }
}

const reachable = await brokerReachable();
const inCi = process.env.CI === "true";
if (!reachable && !inCi) {
  console.warn(`Skipping the MQTT worker tests: no MQTT broker at MQTT_URL=${MQTT_URL}. Start Mosquitto (mosquitto -d) or set MQTT_URL.`);
}

it("isDataError tells the event's own faults (SQLSTATE 22xxx/23xxx) from passing ones", () => {
  expect(isDataError({ message: "Failed query", cause: { code: "22P02" } })).toBe(true);
  expect(isDataError({ code: "23502" })).toBe(true);
  expect(isDataError({ cause: { code: "ECONNREFUSED" } })).toBe(false);
  expect(isDataError({ cause: { code: "40P01" } })).toBe(false);
  expect(isDataError(new Error("boom"))).toBe(false);
});

describe.runIf(reachable || inCi)("MQTT ingest worker (broker at MQTT_URL)", () => {
  const run = randomUUID().slice(0, 8);
  const applicationId = `app-${run}`;
  const quiet: WorkerLog = { info() {}, warn() {}, error() {} };
  const clientIds = new Set<string>();
  const workers: MqttIngestWorker[] = [];
  let handle: DatabaseHandle;
  let db: Database;
  let connectionId: string;
  let publisher: MqttClient;

  const topic = (devEui: string, type = "up") => `application/${applicationId}/device/${devEui}/event/${type}`;
  const publish = (t: string, body: unknown) => publisher.publishAsync(t, typeof body === "string" ? body : JSON.stringify(body), { qos: 1 });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(value)}`);
      await sleep(100);
    }
  }

  async function startWorker(options: Partial<MqttIngestWorkerOptions> & { clientId: string; group: string }) {
    clientIds.add(options.clientId);
    const worker = new MqttIngestWorker({
      mqttUrl: MQTT_URL,
      connectionId,
      sharedGroup: options.group,
      sessions: 1,
      sessionExpirySeconds: 120,
      ingest: createIngestion(db, { maxWaitMs: 2 }).batcher,
      connectionEnabled: async () => true,
      log: quiet,
      ...options,
    });
    workers.push(worker);
    await worker.start();
    return worker;
  }

  async function registerDevices(count: number) {
    const tenant = await createTenant(db);
    const rows = await withPlatform(db, (tx) =>
      tx.insert(devices).values(Array.from({ length: count }, () => ({ tenantId: tenant.id, devEui: randomEui(), name: "mqtt sensor", activation: "otaa" as const }))).returning(),
    );
    return { tenant, devices: rows };
  }

  const eventCount = (deviceIds: string[]) => withPlatform(db, async (tx) => (await tx.select({ id: deviceEvents.id }).from(deviceEvents).where(inArray(deviceEvents.deviceId, deviceIds))).length);

  beforeAll(async () => {
    if (!reachable) throw new Error(`No MQTT broker at MQTT_URL=${MQTT_URL}; CI must run Mosquitto (see .ci/run).`);
    handle = await openTestDatabase();
    db = handle.db;
    const operator = await createUser(db, { platformRole: "operator" });
    connectionId = (await withPlatform(db, (tx) => createConnection(tx, { userId: operator.id, email: operator.email }, { name: `MQTT ${run}`, kind: "chirpstack" }))).id;
    publisher = await connectAsync(MQTT_URL, { protocolVersion: 5, clientId: `publisher-${run}` });
  });

  afterAll(async () => {
    await Promise.allSettled(workers.map((w) => w.abort()));
    // Discard the test sessions on the broker (a clean start with no expiry ends a session).
    for (const clientId of clientIds) {
      const purge = await connectAsync(MQTT_URL, { protocolVersion: 5, clientId, clean: true, properties: { sessionExpiryInterval: 0 }, reconnectPeriod: 0 });
      await purge.endAsync();
    }
    await publisher?.endAsync();
    await handle?.close();
  });

  it("splits a shared subscription between two workers, which together store every event exactly once", async () => {
    const group = `split-${run}`;
    const a = await startWorker({ clientId: `a-${run}`, group });
    const b = await startWorker({ clientId: `b-${run}`, group });
    const { devices: fleet } = await registerDevices(4);
    const bodies = Array.from({ length: 32 }, (_, i) => chirpstackUp({ devEui: fleet[i % 4]!.devEui, fCnt: i }));
    // 32 events and 8 of them delivered twice (a network server retrying, or two integrations).
    const deliveries = [...bodies, ...bodies.slice(0, 8)];
    for (const body of deliveries) await publish(topic(body.deviceInfo.devEui), body);

    const ids = fleet.map((d) => d.id);
    await until("all 32 events", () => eventCount(ids), (n) => n >= 32);
    await until("every delivery handled", async () => a.stats().stored + a.stats().duplicate + b.stats().stored + b.stats().duplicate, (n) => n === deliveries.length);

    expect(await eventCount(ids)).toBe(32);
    const usage = await withPlatform(db, (tx) => tx.select().from(usageHourly).where(inArray(usageHourly.deviceId, ids)));
    expect(usage.reduce((sum, u) => sum + u.uplinks, 0)).toBe(32);
    expect(a.stats().stored + b.stats().stored).toBe(32);
    expect(a.stats().duplicate + b.stats().duplicate).toBe(8);
    // Each worker took a share.
    expect(a.stats().stored + a.stats().duplicate).toBeGreaterThan(0);
    expect(b.stats().stored + b.stats().duplicate).toBeGreaterThan(0);
    await Promise.all([a.stop(), b.stop()]);
  });

  it("stores an event dated years ahead at the time the worker received it, flagged", async () => {
    const worker = await startWorker({ clientId: `skew-${run}`, group: `skew-${run}` });
    const { devices: [device] } = await registerDevices(1);
    const reported = new Date(Date.now() + 5 * 365 * 24 * 3_600_000);
    const before = Date.now();
    await publish(topic(device!.devEui), chirpstackUp({ devEui: device!.devEui, time: reported.toISOString() }));
    await until("the event", () => eventCount([device!.id]), (n) => n === 1);
    const [event] = await withPlatform(db, (tx) => tx.select().from(deviceEvents).where(eq(deviceEvents.deviceId, device!.id)));
    expect(event).toMatchObject({ clockSkew: true, details: expect.objectContaining({ reportedAt: reported.toISOString() }) });
    expect(event!.occurredAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(event!.occurredAt.getTime()).toBeLessThanOrEqual(Date.now());
    await worker.stop();
  });

  it("acknowledges invalid messages (never redelivered) without blocking the ones behind them", async () => {
    const group = `invalid-${run}`;
    const clientId = `invalid-${run}`;
    const warnings: string[] = [];
    const log: WorkerLog = { info() {}, warn: (m) => warnings.push(m), error() {} };
    // One session: mqtt.js hands it one message at a time, so an unacknowledged one would block the rest.
    const worker = await startWorker({ clientId, group, log });
    const { devices: [device] } = await registerDevices(1);
    const devEui = device!.devEui;
    await publish(topic(devEui), "{ not json");
    await publish(topic(devEui), chirpstackUp({ devEui, data: "not base64!!" }));
    await publish(topic(devEui), chirpstackUp({ devEui: randomEui() }));
    await publish(topic(devEui, "teleport"), chirpstackUp({ devEui }));
    await publish(topic(devEui), chirpstackUp({ devEui, fCnt: 1 }));

    await until("the valid event", () => eventCount([device!.id]), (n) => n === 1);
    await until("all four invalid messages", async () => worker.stats().invalid, (n) => n === 4);
    expect(warnings.join("\n")).toContain(topic(devEui));
    expect(warnings.join("\n")).toMatch(/not valid JSON/);
    expect(warnings.join("\n")).toMatch(/unknown ChirpStack event type 'teleport'/);

    // Crash and come back on the same session: had anything been left unacknowledged, it would return now.
    await worker.abort();
    const again = await startWorker({ clientId, group });
    await sleep(1_000);
    expect(again.stats()).toMatchObject({ invalid: 0, stored: 0, duplicate: 0 });
    await again.stop();
  });

  it("does not acknowledge while the store fails, retries, and acknowledges once it is stored", async () => {
    const group = `retry-${run}`;
    const clientId = `retry-${run}`;
    const attempts: string[] = [];
    const acked: string[] = [];
    let failuresLeft = 2;
    const flaky = {
      async submit(item: IngestItem): Promise<IngestOutcome> {
        attempts.push(item.event.dedupKey);
        if (failuresLeft-- > 0) throw new Error("connection terminated unexpectedly");
        acked.push(item.event.dedupKey);
        return { status: "stored", suspended: false };
      },
    };
    const worker = await startWorker({ clientId, group, ingest: flaky, retryDelayMs: { initial: 50, max: 100 } });
    const body = chirpstackUp({ devEui: randomEui() });
    await publish(topic(body.deviceInfo.devEui), body);
    await until("the third attempt", async () => acked.length, (n) => n === 1);
    expect(attempts).toEqual([`cs:up:${body.deduplicationId}`, `cs:up:${body.deduplicationId}`, `cs:up:${body.deduplicationId}`]);
    expect(worker.stats()).toMatchObject({ stored: 1, storeFailures: 2 });

    // It was acknowledged after the successful attempt: the session has nothing to redeliver.
    await worker.abort();
    const seen: string[] = [];
    const again = await startWorker({ clientId, group, ingest: { submit: async (item) => (seen.push(item.event.dedupKey), { status: "stored", suspended: false }) } });
    await sleep(1_000);
    expect(seen).toEqual([]);
    await again.stop();
  });

  it("leaves an event that was not yet stored with the broker when the worker dies; it is stored after reconnecting", async () => {
    const group = `crash-${run}`;
    const clientId = `crash-${run}`;
    let taken = 0;
    const neverCommits = { submit: () => (taken++, new Promise<IngestOutcome>(() => {})) };
    const doomed = await startWorker({ clientId, group, ingest: neverCommits });
    const { devices: [device] } = await registerDevices(1);
    const body = chirpstackUp({ devEui: device!.devEui, fCnt: 99 });
    await publish(topic(device!.devEui), body);
    await until("the message to reach the store", async () => taken, (n) => n === 1);
    await doomed.abort();
    expect(await eventCount([device!.id])).toBe(0);

    const heir = await startWorker({ clientId, group });
    await until("the redelivered event", () => eventCount([device!.id]), (n) => n === 1);
    const [stored] = await withPlatform(db, (tx) => tx.select().from(deviceEvents).where(eq(deviceEvents.deviceId, device!.id)));
    expect(stored).toMatchObject({ fCnt: 99, dedupKey: `cs:up:${body.deduplicationId}` });
    expect(heir.stats().stored).toBe(1);
    await heir.stop();
  });

  it("stops gracefully: the events being stored are committed and acknowledged; messages arriving meanwhile wait for the next start", async () => {
    const group = `stop-${run}`;
    const clientId = `stop-${run}`;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const taken: string[] = [];
    const slow = { submit: async (item: IngestItem) => (taken.push(item.event.dedupKey), await gate, { status: "stored" as const, suspended: false }) };
    const worker = await startWorker({ clientId, group, ingest: slow });
    const bodies = [1, 2, 3].map(() => chirpstackUp({ devEui: randomEui() }));
    for (const body of bodies) await publish(topic(body.deviceInfo.devEui), body);
    // One session holds all three at once: they wait for the same commit.
    await until("the three messages to reach the store", async () => taken.length, (n) => n === 3);
    const stopping = worker.stop();
    const late = [1, 2].map(() => chirpstackUp({ devEui: randomEui() }));
    for (const body of late) await publish(topic(body.deviceInfo.devEui), body);
    await sleep(200);
    release();
    await stopping;
    expect(worker.stats().stored).toBe(3);
    expect(taken.sort()).toEqual(bodies.map((b) => `cs:up:${b.deduplicationId}`).sort());

    const seen: string[] = [];
    const again = await startWorker({ clientId, group, ingest: { submit: async (item) => (seen.push(item.event.dedupKey), { status: "stored", suspended: false }) } });
    await until("the two messages that arrived while stopping", async () => seen.length, (n) => n === 2);
    await sleep(300);
    expect(seen.sort()).toEqual(late.map((b) => `cs:up:${b.deduplicationId}`).sort());
    await again.stop();
  });

  it("refuses events while the connection is disabled (acknowledged, never redelivered) and stores them again once it is enabled", async () => {
    const group = `disabled-${run}`;
    const clientId = `disabled-${run}`;
    const logged: string[] = [];
    const log: WorkerLog = { info: (m) => logged.push(m), warn: (m) => logged.push(m), error() {} };
    let enabled = false;
    const connectionEnabled = async () => enabled;
    const worker = await startWorker({ clientId, group, log, connectionEnabled });
    // The broker does not pass PUBACK reason codes on, so watch what the worker's session sends.
    const pubacks: number[] = [];
    worker["sessions"][0]!.client.on("packetsend", (packet) => packet.cmd === "puback" && pubacks.push(packet.reasonCode ?? 0));
    const { devices: fleet } = await registerDevices(2);
    const [sentWhileDisabled, sentOnceEnabled] = fleet.map((d) => d.id);
    for (const fCnt of [1, 2, 3]) await publish(topic(fleet[0]!.devEui), chirpstackUp({ devEui: fleet[0]!.devEui, fCnt }));
    // Refused before it is read, as HTTP ingestion answers 401 before looking at the body.
    await publish(topic(fleet[0]!.devEui), "{ not json");

    await until("all four refused and acknowledged", async () => pubacks, (codes) => codes.length === 4);
    expect(pubacks).toEqual([0x87, 0x87, 0x87, 0x87]);
    expect(worker.stats()).toMatchObject({ refused: 4, stored: 0, duplicate: 0, unclaimed: 0, invalid: 0, rejected: 0 });
    expect(await eventCount([sentWhileDisabled!])).toBe(0);

    enabled = true;
    await publish(topic(fleet[1]!.devEui), chirpstackUp({ devEui: fleet[1]!.devEui, fCnt: 4 }));
    await until("the event sent once enabled", () => eventCount([sentOnceEnabled!]), (n) => n === 1);
    await until("its acknowledgement", async () => pubacks, (codes) => codes.length === 5);
    expect(pubacks[4]).toBe(0x00);
    expect(worker.stats()).toMatchObject({ stored: 1, refused: 4 });
    // One line when it was found disabled and one when enabled again, not one per event.
    expect(logged.filter((m) => /is disabled/.test(m))).toHaveLength(1);
    expect(logged.filter((m) => /is enabled again/.test(m))).toHaveLength(1);

    // Crash and come back on the same session, now enabled: a refused event left unacknowledged would
    // return now and be stored.
    await worker.abort();
    const again = await startWorker({ clientId, group, connectionEnabled });
    await sleep(1_000);
    expect(again.stats()).toMatchObject({ stored: 0, duplicate: 0, refused: 0, invalid: 0 });
    expect(await eventCount([sentWhileDisabled!])).toBe(0);
    await again.stop();
  });

  it("commits one session's messages in batches across messages, acknowledging none before its batch commits", async () => {
    const group = `batch-${run}`;
    const clientId = `batch-${run}`;
    const real = createIngestion(db).batcher;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const batches: number[] = [];
    // One batch written at a time: the first waits at the gate while the rest pile up behind it.
    const batcher = new IngestBatcher(async (items) => (batches.push(items.length), await gate, real.submitMany(items)), { concurrency: 1, maxWaitMs: 1 });
    const worker = await startWorker({ clientId, group, ingest: batcher, inFlight: 100 });
    const client = worker["sessions"][0]!.client;
    const received: number[] = [];
    const pubacks: number[] = [];
    client.on("packetreceive", (packet) => packet.cmd === "publish" && received.push(packet.messageId!));
    client.on("packetsend", (packet) => packet.cmd === "puback" && pubacks.push(packet.messageId!));

    const { devices: fleet } = await registerDevices(4);
    const bodies = Array.from({ length: 40 }, (_, i) => chirpstackUp({ devEui: fleet[i % 4]!.devEui, fCnt: i }));
    for (const body of bodies) await publish(topic(body.deviceInfo.devEui), body);
    await until("all 40 messages in the worker's hands", async () => received.length, (n) => n === 40);
    await until("all 40 at the gate or queued behind it", async () => batches.reduce((a, b) => a + b, 0) + batcher["queue"].length, (n) => n === 40);
    expect(pubacks).toEqual([]);
    expect(await eventCount(fleet.map((d) => d.id))).toBe(0);

    release();
    await until("every PUBACK", async () => pubacks.length, (n) => n === 40);
    // A session handed over every message without waiting for acknowledgements: 40 events, a few commits
    // (one at a time would have been 40).
    expect(batches.reduce((a, b) => a + b, 0)).toBe(40);
    expect(batches.length).toBeLessThanOrEqual(3);
    expect(pubacks).toEqual(received);
    expect(await eventCount(fleet.map((d) => d.id))).toBe(40);
    await worker.stop();
  });

  it("loses nothing when it dies with a whole batch received and not yet committed", async () => {
    const group = `batch-crash-${run}`;
    const clientId = `batch-crash-${run}`;
    let taken = 0;
    const neverCommits = { submit: () => (taken++, new Promise<IngestOutcome>(() => {})) };
    const doomed = await startWorker({ clientId, group, ingest: neverCommits, inFlight: 100 });
    const pubacks: number[] = [];
    doomed["sessions"][0]!.client.on("packetsend", (packet) => packet.cmd === "puback" && pubacks.push(packet.messageId!));
    const { devices: fleet } = await registerDevices(5);
    const bodies = Array.from({ length: 25 }, (_, i) => chirpstackUp({ devEui: fleet[i % 5]!.devEui, fCnt: i }));
    for (const body of bodies) await publish(topic(body.deviceInfo.devEui), body);
    await until("all 25 in the store", async () => taken, (n) => n === 25);
    await doomed.abort();
    expect(pubacks).toEqual([]);

    const heir = await startWorker({ clientId, group });
    const ids = fleet.map((d) => d.id);
    await until("the 25 redelivered events", () => eventCount(ids), (n) => n === 25);
    await sleep(300);
    expect(await eventCount(ids)).toBe(25);
    const usage = await withPlatform(db, (tx) => tx.select().from(usageHourly).where(inArray(usageHourly.deviceId, ids)));
    expect(usage.reduce((sum, u) => sum + u.uplinks, 0)).toBe(25);
    await heir.stop();
  });

  it("stores QoS 0 deliveries too (nothing to acknowledge)", async () => {
    const group = `qos0-${run}`;
    await startWorker({ clientId: `qos0-${run}`, group });
    const { devices: [device] } = await registerDevices(1);
    const body = chirpstackUp({ devEui: device!.devEui });
    await publisher.publishAsync(topic(device!.devEui), JSON.stringify(body), { qos: 0 });
    await until("the QoS 0 event", () => eventCount([device!.id]), (n) => n === 1);
  });
});
