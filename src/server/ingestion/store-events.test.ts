import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../test/database";
import { createTenant, createUser } from "../../../test/factories";
import { historicalNow, minutesBefore, randomEui, registerDevice, uplink } from "../../../test/network-traffic";
import type { NetworkEvent } from "@/domain/lorawan";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { deviceEvents, gatewayHourly, gateways, networkConnections } from "@/server/db/schema";
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
