import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../test/database";
import { createTenant, createUser } from "../../../test/factories";
import { createForwarder, deliveriesOf } from "../../../test/forwarders";
import { historicalNow, join, minutesBefore, randomEui, registerDevice, uplink } from "../../../test/network-traffic";
import { periodContaining } from "@/domain/billing";
import { normalizeChirpstackEvent, type NetworkEvent } from "@/domain/lorawan";
import { usageOf } from "@/domain/metering/event-usage";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { deviceEvents, devices, forwardDeliveries, gatewayHourly, gatewayTenantMonthly, gateways, networkConnections, unclaimedDevices, unclaimedEvents, usageHourly } from "@/server/db/schema";
import { createConnection } from "@/server/network/connections";
import { getGateway } from "@/server/network/gateways";
import type { DecodeUplink } from "./decode-uplinks";
import { LastSeenThrottle } from "./last-seen-throttle";
import { GATEWAY_COUNTER_SHARDS, storeEvents, type StoreOptions } from "./store-events";

let handle: DatabaseHandle;
let db: Database;
let connectionId: string;

const RESOLUTION_MS = 60_000;
const noDecoding: DecodeUplink = async (requests) => requests.map(() => ({ data: null, error: null }));
const secondsAfter = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1_000);

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  const operator = await createUser(db, { platformRole: "operator" });
  const actor = { userId: operator.id, email: operator.email };
  connectionId = (await withPlatform(db, (tx) => createConnection(tx, actor, { name: "ChirpStack", kind: "chirpstack", ratePerSecond: 10_000 }))).id;
});
afterAll(() => handle.close());

/** A registered device, so its uplinks are stored (not unclaimed) and the test sees the whole write path. */
async function newDevice() {
  return registerDevice(db, (await createTenant(db)).id);
}

function store(events: NetworkEvent[], options: Partial<StoreOptions> = {}, connection = connectionId) {
  return storeEvents(db, events.map((event) => ({ event, connectionId: connection })), { decode: noDecoding, ...options });
}

async function gatewayLastSeen(eui: string) {
  const [row] = await withPlatform(db, (tx) => tx.select({ lastSeenAt: gateways.lastSeenAt }).from(gateways).where(eq(gateways.gatewayEui, eui)));
  return row?.lastSeenAt;
}
async function connectionLastEvent() {
  const [row] = await withPlatform(db, (tx) => tx.select({ lastEventAt: networkConnections.lastEventAt }).from(networkConnections).where(eq(networkConnections.id, connectionId)));
  return row!.lastEventAt;
}

describe("one batch, one statement", () => {
  it("meters, updates device state and counts gateways from exactly the events it newly stored", async () => {
    const device = await newDevice();
    const other = await newDevice();
    const [g1, g2, stranger] = [randomEui(), randomEui(), randomEui()];
    const now = historicalNow();
    const replayed = uplink({ devEui: device.devEui, at: minutesBefore(now, 95), gateways: [g1] });
    await store([replayed]);

    const early = uplink({ devEui: device.devEui, at: minutesBefore(now, 70), gateways: [g1, g2, g1] });
    const late = uplink({ devEui: device.devEui, at: minutesBefore(now, 5), gateways: [g2] });
    const status = normalizeChirpstackEvent("status", { deduplicationId: randomUUID(), time: minutesBefore(now, 20).toISOString(), deviceInfo: { devEui: device.devEui, tenantId: "t", tenantName: "t", applicationId: "a", applicationName: "a", deviceProfileId: "p", deviceProfileName: "p", deviceName: "d" }, margin: 7, externalPowerSource: false, batteryLevelUnavailable: false, batteryLevel: 64.5 }, now);
    const joined = join({ devEui: other.devEui, at: minutesBefore(now, 3) });
    const unclaimed = uplink({ devEui: stranger, at: minutesBefore(now, 4), gateways: [g1, g2] });
    const batch = [early, replayed, late, status, late, joined, unclaimed, unclaimed];
    const outcomes = await store(batch, { shard: 3 });
    expect(outcomes.map((o) => o.status)).toEqual(["stored", "duplicate", "stored", "stored", "duplicate", "stored", "unclaimed", "unclaimed"]);

    // Hourly usage is the sum of what each stored event adds, once per event, in its own UTC hour.
    const stored = [replayed, early, late, status, joined];
    const expected = new Map<string, Record<string, number>>();
    for (const event of stored) {
      const usage = usageOf({ ...event, gatewayEuis: event.gateways.map((g) => g.gatewayEui) });
      if (!usage) continue;
      const hour = new Date(Math.floor(event.occurredAt.getTime() / 3_600_000) * 3_600_000).toISOString();
      const key = `${event.devEui}|${hour}`;
      const sum = expected.get(key) ?? {};
      for (const [counter, value] of Object.entries(usage)) sum[counter] = (sum[counter] ?? 0) + value;
      expected.set(key, sum);
    }
    const usage = await withPlatform(db, (tx) => tx.select().from(usageHourly).where(inArray(usageHourly.deviceId, [device.id, other.id])));
    const euiOf = new Map([[device.id, device.devEui], [other.id, other.devEui]]);
    const actual = new Map(usage.map(({ tenantId: _t, deviceId, hour, ...counters }) => [`${euiOf.get(deviceId)}|${hour.toISOString()}`, counters]));
    expect(actual.size).toBe(expected.size);
    for (const [key, counters] of expected) {
      const { airtimeMs, ...exact } = counters;
      expect(actual.get(key)).toMatchObject(exact);
      expect(actual.get(key)!.airtimeMs).toBeCloseTo(airtimeMs!, 3);
    }

    // Device state from its newest new event (the late uplink); battery from the newest that reported one.
    const [state] = await withPlatform(db, (tx) => tx.select().from(devices).where(eq(devices.id, device.id)));
    expect(state).toMatchObject({ lastSeenAt: late.occurredAt, lastFCnt: late.fCnt, lastRssi: late.bestRssi, batteryLevel: 64.5 });

    // Gateways: one count per unique uplink that each heard, claimed or not, in the batch's shard.
    const counts = await withPlatform(db, (tx) => tx.select().from(gatewayHourly).where(inArray(gatewayHourly.gatewayEui, [g1, g2])));
    const total = (eui: string, shard?: number) => counts.filter((c) => c.gatewayEui === eui && (shard === undefined || c.shard === shard)).reduce((n, c) => n + c.uplinks, 0);
    expect([total(g1, 3), total(g2, 3)]).toEqual([2, 3]);
    expect(total(g1)).toBe(3);

    // Per tenant and month (income by gateway area): each claimed uplink once per gateway, in its UTC month.
    const carried = async () => {
      const rows = await withPlatform(db, (tx) => tx.select().from(gatewayTenantMonthly).where(eq(gatewayTenantMonthly.tenantId, device.tenantId)));
      const sums = new Map<string, number>();
      for (const r of rows) {
        const key = `${r.gatewayEui} ${r.month.toISOString()}`;
        sums.set(key, (sums.get(key) ?? 0) + r.uplinks);
      }
      return sums;
    };
    const expectedCarried = new Map<string, number>();
    for (const [eui, event] of [[g1, replayed], [g1, early], [g2, early], [g2, late]] as const) {
      const key = `${eui} ${periodContaining(event.occurredAt).start.toISOString()}`;
      expectedCarried.set(key, (expectedCarried.get(key) ?? 0) + 1);
    }
    expect(await carried()).toEqual(expectedCarried);

    const [summary] = await withPlatform(db, (tx) => tx.select().from(unclaimedDevices).where(eq(unclaimedDevices.devEui, stranger)));
    expect(summary).toMatchObject({ events: 1, lastGatewayEui: g1 });
    expect(await withPlatform(db, (tx) => tx.select().from(unclaimedEvents).where(eq(unclaimedEvents.devEui, stranger)))).toHaveLength(1);

    // The whole batch again changes nothing.
    const again = await store(batch, { shard: 3 });
    expect(again.map((o) => o.status)).toEqual(["duplicate", "duplicate", "duplicate", "duplicate", "duplicate", "duplicate", "unclaimed", "unclaimed"]);
    expect(await withPlatform(db, (tx) => tx.select().from(usageHourly).where(inArray(usageHourly.deviceId, [device.id, other.id])))).toEqual(usage);
    expect(await withPlatform(db, (tx) => tx.select().from(gatewayHourly).where(inArray(gatewayHourly.gatewayEui, [g1, g2])))).toEqual(expect.arrayContaining(counts));
    expect((await withPlatform(db, (tx) => tx.select().from(unclaimedDevices).where(eq(unclaimedDevices.devEui, stranger))))[0]!.events).toBe(1);
    expect(await carried()).toEqual(expectedCarried);
  });
});

describe("last-seen times with a shared throttle", () => {
  it("writes a gateway's last_seen_at again only once it has moved on by the resolution", async () => {
    const lastSeen = new LastSeenThrottle(RESOLUTION_MS);
    const device = await newDevice();
    const gateway = randomEui();
    const t = historicalNow();

    await store([uplink({ devEui: device.devEui, at: t, gateways: [gateway] })], { lastSeen });
    expect(await gatewayLastSeen(gateway)).toEqual(t);
    const connectionSeen = await connectionLastEvent();
    expect(connectionSeen).not.toBeNull();

    const outcomes = await store([uplink({ devEui: device.devEui, at: secondsAfter(t, 1), gateways: [gateway] })], { lastSeen });
    expect(outcomes).toEqual([{ status: "stored", suspended: false }]);
    expect(await gatewayLastSeen(gateway)).toEqual(t);
    // The connection's time is throttled the same way (by the clock, which has not moved on a minute).
    expect(await connectionLastEvent()).toEqual(connectionSeen);

    await store([uplink({ devEui: device.devEui, at: secondsAfter(t, 61), gateways: [gateway] })], { lastSeen });
    expect(await gatewayLastSeen(gateway)).toEqual(secondsAfter(t, 61));
    // Only last-seen times are throttled: every event was stored.
    expect(await withPlatform(db, (tx) => tx.select().from(deviceEvents).where(eq(deviceEvents.deviceId, device.id)))).toHaveLength(3);
  });

  it("without a throttle, writes last-seen times in every batch", async () => {
    const device = await newDevice();
    const gateway = randomEui();
    const t = historicalNow();
    await store([uplink({ devEui: device.devEui, at: t, gateways: [gateway] })]);
    await store([uplink({ devEui: device.devEui, at: secondsAfter(t, 1), gateways: [gateway] })]);
    expect(await gatewayLastSeen(gateway)).toEqual(secondsAfter(t, 1));
  });

  it("releases a failed batch's claims, so the next batch writes the last-seen time the failed one did not", async () => {
    const lastSeen = new LastSeenThrottle(RESOLUTION_MS);
    const device = await newDevice();
    const gateway = randomEui();
    const t = historicalNow();
    await store([uplink({ devEui: device.devEui, at: t, gateways: [gateway] })], { lastSeen });

    // A connection id that is not a uuid fails the last statement of the transaction, after the
    // gateway's last-seen time was claimed and written: the whole batch rolls back.
    const failed = uplink({ devEui: device.devEui, at: secondsAfter(t, 120), gateways: [gateway] });
    await expect(store([failed], { lastSeen }, "not-a-uuid")).rejects.toThrow();
    expect(await gatewayLastSeen(gateway)).toEqual(t);
    expect(await withPlatform(db, (tx) => tx.select().from(deviceEvents).where(eq(deviceEvents.deviceId, device.id)))).toHaveLength(1);

    // Within the resolution of the failed batch's time, but that time was never written.
    await store([uplink({ devEui: device.devEui, at: secondsAfter(t, 121), gateways: [gateway] })], { lastSeen });
    expect(await gatewayLastSeen(gateway)).toEqual(secondsAfter(t, 121));
  });
});

describe("gateway counter shards", () => {
  it("keeps one row per shard for a gateway's hour, and the operator's gateway detail reports their sum", async () => {
    const device = await newDevice();
    const gateway = randomEui();
    const now = historicalNow();
    const heard = (count: number) => Array.from({ length: count }, () => uplink({ devEui: device.devEui, at: minutesBefore(now, 10), gateways: [gateway] }));

    await store(heard(2), { shard: 1 });
    await store(heard(3), { shard: 2 });
    // Shards past the last one wrap around (a process's lanes start at a random shard).
    await store(heard(4), { shard: GATEWAY_COUNTER_SHARDS + 1 });

    const rows = await withPlatform(db, (tx) =>
      tx.select({ shard: gatewayHourly.shard, uplinks: gatewayHourly.uplinks }).from(gatewayHourly).where(eq(gatewayHourly.gatewayEui, gateway)).orderBy(gatewayHourly.shard),
    );
    expect(rows).toEqual([{ shard: 1, uplinks: 6 }, { shard: 2, uplinks: 3 }]);

    const detail = await withPlatform(db, (tx) => getGateway(tx, gateway, now));
    expect(detail).toMatchObject({ uplinksLastHour: 9, uplinksLast24h: 9 });
    expect(detail.uplinksPerHour.at(-1)!.uplinks).toBe(9);
    expect(detail.uplinksPerHour.reduce((sum, point) => sum + point.uplinks, 0)).toBe(9);
  });
});

describe("forwarding outbox", () => {
  const eventIds = async (deviceId: string) =>
    Object.fromEntries(
      (await withPlatform(db, (tx) => tx.select({ id: deviceEvents.id, kind: deviceEvents.kind }).from(deviceEvents).where(eq(deviceEvents.deviceId, deviceId)))).map((e) => [e.kind, e.id]),
    );
  const queued = async (forwarderId: string) => (await deliveriesOf(db, forwarderId)).map((d) => ({ eventId: d.eventId, status: d.status, attempts: d.attempts }));

  it("queues each new event once for every enabled forwarder of its tenant that takes its kind", async () => {
    const tenant = await createTenant(db);
    const device = await registerDevice(db, tenant.id);
    const uplinks = await createForwarder(db, tenant.id, { eventKinds: ["uplink"] });
    const joins = await createForwarder(db, tenant.id, { eventKinds: ["join"] });
    const both = await createForwarder(db, tenant.id, { eventKinds: ["uplink", "join"] });
    const disabled = await createForwarder(db, tenant.id, { eventKinds: ["uplink", "join"], enabled: false });
    const otherTenants = await createForwarder(db, (await createTenant(db)).id, { eventKinds: ["uplink", "join"] });

    const t = historicalNow();
    const up = uplink({ devEui: device.devEui, at: t });
    // The same event twice in one batch is stored, and queued, once.
    expect(await store([up, up, join({ devEui: device.devEui, at: t })])).toEqual([
      { status: "stored", suspended: false }, { status: "duplicate", suspended: false }, { status: "stored", suspended: false },
    ]);

    const ids = await eventIds(device.id);
    expect(await queued(uplinks.id)).toEqual([{ eventId: ids.uplink, status: "pending", attempts: 0 }]);
    expect(await queued(joins.id)).toEqual([{ eventId: ids.join, status: "pending", attempts: 0 }]);
    expect((await queued(both.id)).map((d) => d.eventId).sort()).toEqual([ids.uplink, ids.join].sort());
    expect(await queued(disabled.id)).toEqual([]);
    expect(await queued(otherTenants.id)).toEqual([]);
  });

  it("never queues a replayed event, even for a forwarder added since it was first stored", async () => {
    const tenant = await createTenant(db);
    const device = await registerDevice(db, tenant.id);
    const before = await createForwarder(db, tenant.id);
    const batch = [uplink({ devEui: device.devEui, at: historicalNow() })];
    await store(batch);
    const after = await createForwarder(db, tenant.id);

    expect(await store(batch)).toEqual([{ status: "duplicate", suspended: false }]);
    expect(await queued(before.id)).toHaveLength(1);
    expect(await queued(after.id)).toEqual([]);
  });

  it("queues a suspended tenant's events too (held until it pays), and nothing for a tenant without forwarders", async () => {
    const suspended = await createTenant(db, "suspended");
    const device = await registerDevice(db, suspended.id);
    const forwarder = await createForwarder(db, suspended.id);
    expect(await store([uplink({ devEui: device.devEui, at: historicalNow() })])).toEqual([{ status: "stored", suspended: true }]);
    expect(await queued(forwarder.id)).toEqual([{ eventId: (await eventIds(device.id)).uplink, status: "pending", attempts: 0 }]);

    const quiet = await createTenant(db);
    const quietDevice = await registerDevice(db, quiet.id);
    expect(await store([uplink({ devEui: quietDevice.devEui, at: historicalNow() })])).toEqual([{ status: "stored", suspended: false }]);
    expect(await withPlatform(db, (tx) => tx.select().from(forwardDeliveries).where(eq(forwardDeliveries.tenantId, quiet.id)))).toEqual([]);
  });
});
