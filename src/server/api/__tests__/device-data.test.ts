import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../../test/database";
import { ingestUplinks, randomAesKey, randomEui } from "../../../../test/device-fixtures";
import { callerFor, createTenantWithTeam } from "../../../../test/factories";
import { trpcErrorOf } from "../../../../test/trpc-errors";
import { EXAMPLE_CODECS, encodeTemperatureHumidity, sharedCodecRunner } from "@/domain/codecs";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { tenants } from "@/server/db/schema";

let handle: DatabaseHandle;
let db: Database;

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
});
afterAll(async () => {
  await sharedCodecRunner().close();
  await handle.close();
});

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

/** A tenant with a temperature sensor whose profile decodes its uplinks. */
async function tenantWithSensor() {
  const team = await createTenantWithTeam(db);
  const admin = callerFor(db, team.admin.id, team.tenant.slug);
  const profile = await admin.deviceProfiles.create({ name: "Climate", region: "EU868", macVersion: "1.0.3", deviceClass: "A", codecSource: EXAMPLE_CODECS.temperatureHumidity.source });
  const devEui = randomEui();
  const device = await admin.devices.register({ name: "Office", devEui, activation: "otaa", joinEui: randomEui(), appKey: randomAesKey(), profileId: profile.id });
  return { team, devEui, deviceId: device.id, viewer: callerFor(db, team.viewer.id, team.tenant.slug) };
}

const reading = (temperatureC: number) => Buffer.from(encodeTemperatureHumidity({ temperatureC, humidityPercent: 50, batteryMillivolts: 3300 })).toString("base64");

describe("device traffic", () => {
  it("pages a device's history newest first, decoded, and shows only the tenant's own events", async () => {
    const mine = await tenantWithSensor();
    const theirs = await tenantWithSensor();
    await ingestUplinks(db, mine.devEui, [1, 2, 3, 4, 5].map((fCnt) => ({ fCnt, data: reading(20 + fCnt), time: minutesAgo(60 - fCnt) })), sharedCodecRunner());
    await ingestUplinks(db, theirs.devEui, [{ fCnt: 99, time: minutesAgo(1) }]);

    const first = await mine.viewer.deviceData.history({ deviceId: mine.deviceId, limit: 2 });
    expect(first.events.map((e) => e.fCnt)).toEqual([5, 4]);
    expect(first.events[0]).toMatchObject({ kind: "uplink", fPort: 1, decoded: { temperatureC: 25, humidityPercent: 50, batteryMillivolts: 3300 }, decodeError: null, gatewayCount: 1, spreadingFactor: 7, credits: 1 });
    expect(first.events[0]!.payloadHex).toBe(Buffer.from(reading(25), "base64").toString("hex"));
    expect(first.events[0]!.gateways).toEqual([{ eui: "0016c001ff10a235", rssi: -60, snr: 9.5 }]);
    const second = await mine.viewer.deviceData.history({ deviceId: mine.deviceId, limit: 2, cursor: first.nextCursor });
    const third = await mine.viewer.deviceData.history({ deviceId: mine.deviceId, limit: 2, cursor: second.nextCursor });
    expect([...second.events, ...third.events].map((e) => e.fCnt)).toEqual([3, 2, 1]);
    expect(third.nextCursor).toBeNull();

    expect((await mine.viewer.deviceData.recent()).map((e) => e.fCnt)).toEqual([5, 4, 3, 2, 1]);
    expect(await trpcErrorOf(mine.viewer.deviceData.history({ deviceId: theirs.deviceId }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await trpcErrorOf(mine.viewer.deviceData.live({ deviceId: theirs.deviceId, afterId: 0 }))).toMatchObject({ code: "NOT_FOUND" });

    const device = await mine.viewer.devices.get({ deviceId: mine.deviceId });
    expect(device).toMatchObject({ lastFCnt: 5, lastRssi: -60, lastSnr: 9.5 });
  });

  it("feeds new events to a polling page after its cursor", async () => {
    const mine = await tenantWithSensor();
    await ingestUplinks(db, mine.devEui, [{ fCnt: 1 }]);
    const start = await mine.viewer.deviceData.live({ deviceId: mine.deviceId });
    expect(start.events).toEqual([]);
    expect(await mine.viewer.deviceData.live({ deviceId: mine.deviceId, afterId: start.cursor })).toEqual({ events: [], cursor: start.cursor });

    await ingestUplinks(db, mine.devEui, [{ fCnt: 2 }, { fCnt: 3 }]);
    const next = await mine.viewer.deviceData.live({ deviceId: mine.deviceId, afterId: start.cursor });
    // In arrival (id) order; within one ingestion batch that is the batch's storage order.
    expect(next.events.map((e) => e.fCnt).sort()).toEqual([2, 3]);
    expect(next.cursor).toBe(Math.max(...next.events.map((e) => e.id)));
    expect((await mine.viewer.deviceData.live({ deviceId: mine.deviceId, afterId: next.cursor })).events).toEqual([]);
  });

  it("sums usage per hour for a device and for the tenant", async () => {
    const mine = await tenantWithSensor();
    const admin = callerFor(db, mine.team.admin.id, mine.team.tenant.slug);
    const other = await admin.devices.register({ name: "Other", devEui: randomEui(), activation: "otaa", joinEui: randomEui(), appKey: randomAesKey() });
    const otherEui = (await admin.devices.get({ deviceId: other.id })).devEui;
    await ingestUplinks(db, mine.devEui, [{ fCnt: 1 }, { fCnt: 2 }]);
    await ingestUplinks(db, otherEui, [{ fCnt: 1, time: minutesAgo(3 * 60) }]);

    const device = await mine.viewer.deviceData.usage({ deviceId: mine.deviceId, window: "24h" });
    expect(device.points).toHaveLength(24);
    expect(device.points.at(-1)).toMatchObject({ uplinks: 2 });
    expect(device.totals.uplinks).toBe(2);
    const tenant = await mine.viewer.deviceData.usage({ window: "7d" });
    expect(tenant.points).toHaveLength(168);
    expect(tenant.totals.uplinks).toBe(3);
  });

  it("marks an event whose network-server time was not trusted, with the time it reported", async () => {
    const { devEui, deviceId, viewer } = await tenantWithSensor();
    const reported = "2031-06-01T12:00:00.000Z";
    await ingestUplinks(db, devEui, [{ fCnt: 1, data: reading(20), time: reported, receivedAt: new Date() }, { fCnt: 2, data: reading(21), time: minutesAgo(1) }], sharedCodecRunner());
    const { events } = await viewer.deviceData.history({ deviceId });
    expect(events.map((e) => [e.fCnt, e.clockSkew, e.reportedAt?.toISOString() ?? null])).toEqual([[1, true, reported], [2, false, null]]);
  });

  it("hides a suspended tenant's traffic (still stored) but lets it manage devices", async () => {
    const mine = await tenantWithSensor();
    await ingestUplinks(db, mine.devEui, [{ fCnt: 1 }]);
    await withPlatform(db, (tx) => tx.update(tenants).set({ status: "suspended" }).where(eq(tenants.id, mine.team.tenant.id)));
    const message = "This organisation is suspended; its traffic is kept but not shown until the account is settled.";
    expect(await trpcErrorOf(mine.viewer.deviceData.history({ deviceId: mine.deviceId }))).toEqual({ code: "FORBIDDEN", message });
    expect(await trpcErrorOf(mine.viewer.deviceData.live({ deviceId: mine.deviceId, afterId: 0 }))).toEqual({ code: "FORBIDDEN", message });
    expect(await trpcErrorOf(mine.viewer.deviceData.usage({ window: "24h" }))).toEqual({ code: "FORBIDDEN", message });
    expect(await trpcErrorOf(mine.viewer.deviceData.recent())).toEqual({ code: "FORBIDDEN", message });
    expect(await trpcErrorOf(mine.viewer.devices.map())).toEqual({ code: "FORBIDDEN", message });
    const member = callerFor(db, mine.team.member.id, mine.team.tenant.slug);
    await member.devices.register({ name: "Still works", devEui: randomEui(), activation: "otaa", joinEui: randomEui(), appKey: randomAesKey() });
    expect((await member.devices.list({ page: 1, pageSize: 20, sort: "name" })).total).toBe(2);
  });
});
