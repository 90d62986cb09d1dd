import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { refuseInserts, useTestDatabase } from "../../../test/database";
import { randomAesKey, randomEui } from "../../../test/device-fixtures";
import { callerFor, createTenantWithTeam } from "../../../test/factories";
import { chirpstackUp } from "../../../test/network-server-samples";
import { normalizeChirpstackEvent } from "@/domain/lorawan";
import { withPlatform } from "@/server/db";
import { binLevels, deviceLatestValues, deviceLocations, deviceReadingsHourly, gatewayDevices } from "@/server/db/schema";
import { decodeWith } from "./decode-uplinks";
import { LastSeenThrottle } from "./last-seen-throttle";
import { GATEWAY_DEVICE_REFRESH_MS } from "./readings-rollup";
import { storeEvents } from "./store-events";

const database = useTestDatabase();

/** A "codec" that reads the payload as JSON: each uplink carries exactly the readings the test gives it. */
const jsonCodec = decodeWith({ decodeUplink: async (_source, input) => ({ ok: true as const, data: JSON.parse(Buffer.from(input.bytes).toString()), warnings: [] }) });
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 2, 6, 0, 0);
const at = (hours: number) => new Date(T0 + hours * HOUR);

async function device() {
  const team = await createTenantWithTeam(database.db);
  const admin = callerFor(database.db, team.admin.id, team.tenant.slug);
  const { id: profileId } = await admin.deviceProfiles.create({ name: "JSON", region: "EU868", macVersion: "1.0.3", deviceClass: "A", codecSource: "function decodeUplink(input) { return { data: {} }; }" });
  const devEui = randomEui();
  const { id } = await admin.devices.register({ name: devEui, devEui, activation: "otaa", joinEui: randomEui(), appKey: randomAesKey(), profileId });
  return { tenantId: team.tenant.id, deviceId: id, devEui, admin };
}

function uplink(devEui: string, hours: number, data: Record<string, unknown>, opts: { deduplicationId?: string; gateways?: string[] } = {}) {
  const time = at(hours);
  const body = chirpstackUp({ devEui, fCnt: Math.round(hours * 10), time: time.toISOString(), data: Buffer.from(JSON.stringify(data)).toString("base64"), ...opts });
  return { event: normalizeChirpstackEvent("up", body, time), connectionId: randomUUID() };
}

const store = (items: ReturnType<typeof uplink>[]) => storeEvents(database.db, items, { decode: jsonCodec });

async function latest(tenantId: string, deviceId: string) {
  const rows = await withPlatform(database.db, (tx) => tx.select().from(deviceLatestValues).where(and(eq(deviceLatestValues.tenantId, tenantId), eq(deviceLatestValues.deviceId, deviceId))));
  return Object.fromEntries(rows.map((r) => [r.field, { value: r.value, at: r.at }]));
}

async function hourly(tenantId: string, deviceId: string, field: string) {
  const rows = await withPlatform(database.db, (tx) =>
    tx.select().from(deviceReadingsHourly).where(and(eq(deviceReadingsHourly.tenantId, tenantId), eq(deviceReadingsHourly.deviceId, deviceId), eq(deviceReadingsHourly.field, field))).orderBy(deviceReadingsHourly.hour),
  );
  return rows.map((r) => ({ hour: r.hour, readings: r.readings, sum: r.sum, min: r.min, max: r.max }));
}

const bin = async (tenantId: string, deviceId: string) => (await withPlatform(database.db, (tx) => tx.select().from(binLevels).where(and(eq(binLevels.tenantId, tenantId), eq(binLevels.deviceId, deviceId)))))[0];

describe("latest values and hourly readings", () => {
  it("keep the newest reading whatever order uplinks arrive in, and count a duplicate once", async () => {
    const { tenantId, deviceId, devEui } = await device();
    const first = uplink(devEui, 0.2, { temperatureC: 10, battery: { volts: 3.6 } });
    const third = uplink(devEui, 0.8, { temperatureC: 30 });
    await store([third]);
    await store([first, uplink(devEui, 0.5, { temperatureC: 20, label: "text is not a reading" })]);
    // A network server's retry (same deduplication id and reported time, even with a different body) changes nothing.
    expect(await store([{ ...third, event: { ...uplink(devEui, 0.8, { temperatureC: 99 }).event, dedupKey: third.event.dedupKey } }])).toEqual([{ status: "duplicate", suspended: false }]);
    expect(await latest(tenantId, deviceId)).toEqual({ temperatureC: { value: 30, at: at(0.8) }, "battery.volts": { value: 3.6, at: at(0.2) } });
    expect(await hourly(tenantId, deviceId, "temperatureC")).toEqual([{ hour: at(0), readings: 3, sum: 60, min: 10, max: 30 }]);
  });

  it("at the same moment, the greater value wins in either order", async () => {
    const a = await device();
    const b = await device();
    await store([uplink(a.devEui, 1, { level: 5 })]);
    await store([uplink(a.devEui, 1, { level: 7 })]);
    await store([uplink(b.devEui, 1, { level: 7 })]);
    await store([uplink(b.devEui, 1, { level: 5 })]);
    expect((await latest(a.tenantId, a.deviceId)).level!.value).toBe(7);
    expect((await latest(b.tenantId, b.deviceId)).level!.value).toBe(7);
  });

  it("spreads readings over their hours", async () => {
    const { tenantId, deviceId, devEui } = await device();
    await store([uplink(devEui, 0.1, { humidityPercent: 40 }), uplink(devEui, 1.1, { humidityPercent: 50 }), uplink(devEui, 1.7, { humidityPercent: 70 })]);
    expect(await hourly(tenantId, deviceId, "humidityPercent")).toEqual([
      { hour: at(0), readings: 1, sum: 40, min: 40, max: 40 },
      { hour: at(1), readings: 2, sum: 120, min: 50, max: 70 },
    ]);
  });
});

describe("bin fill levels", () => {
  it("follow a bin's fill cycle through late and concurrent batches, and restart when it is emptied", async () => {
    const { tenantId, deviceId, devEui } = await device();
    await store([uplink(devEui, 0, { fillPercent: 10 }), uplink(devEui, 2, { fillPercent: 30 })]);
    // Two batches at once, one with a late reading: both are folded in, none lost.
    await Promise.all([store([uplink(devEui, 1, { fillPercent: 20 })]), store([uplink(devEui, 8, { fillPercent: 85 })])]);
    expect(await bin(tenantId, deviceId)).toMatchObject({ fillPercent: 85, fillAt: at(8), cycleStartedAt: at(0), readings: 4, overSince: at(8) });
    await store([uplink(devEui, 9, { fillPercent: 4 })]);
    expect(await bin(tenantId, deviceId)).toMatchObject({ fillPercent: 4, cycleStartedAt: at(9), readings: 1, overSince: null });
  });

  it("a bin first heard by two batches at once keeps both readings", async () => {
    const { tenantId, deviceId, devEui } = await device();
    await Promise.all([store([uplink(devEui, 0, { fillPercent: 10 })]), store([uplink(devEui, 1, { fillPercent: 12 })])]);
    expect(await bin(tenantId, deviceId)).toMatchObject({ readings: 2, fillPercent: 12, cycleStartedAt: at(0) });
  });

  it("uses the tenant's threshold", async () => {
    const { tenantId, deviceId, devEui, admin } = await device();
    await admin.waste.updateSettings({ thresholdPercent: 60, roundIntervalHours: 24, silentAfterHours: 12 });
    await store([uplink(devEui, 0, { fillPercent: 65 })]);
    expect((await bin(tenantId, deviceId))?.overSince).toEqual(at(0));
  });
});

describe("locations and gateways", () => {
  const located = (devEui: string, hours: number, latitude: number, longitude: number) => {
    const { deviceInfo } = chirpstackUp({ devEui });
    const event = normalizeChirpstackEvent("location", { deduplicationId: randomUUID(), time: at(hours).toISOString(), deviceInfo, location: { latitude, longitude, source: "GEO_RESOLVER_TDOA", accuracy: 50 } }, at(hours));
    return { event, connectionId: randomUUID() };
  };
  const locationOf = async (tenantId: string, deviceId: string) => (await withPlatform(database.db, (tx) => tx.select().from(deviceLocations).where(and(eq(deviceLocations.tenantId, tenantId), eq(deviceLocations.deviceId, deviceId)))))[0];

  it("places a device where the network solved it, newest fix first, never over a person's placing", async () => {
    const { tenantId, deviceId, devEui, admin } = await device();
    await storeEvents(database.db, [located(devEui, 2, 53.2, -2.9)], { decode: jsonCodec });
    await storeEvents(database.db, [located(devEui, 1, 51.5, -0.1)], { decode: jsonCodec });
    expect(await locationOf(tenantId, deviceId)).toMatchObject({ latitude: 53.2, longitude: -2.9, source: "network", locatedAt: at(2) });
    await admin.devices.update({ deviceId, location: { latitude: 53.19, longitude: -2.891 } });
    await storeEvents(database.db, [located(devEui, 3, 52, -1)], { decode: jsonCodec });
    expect(await locationOf(tenantId, deviceId)).toMatchObject({ latitude: 53.19, longitude: -2.891, source: "manual" });
  });

  it("remembers which devices each gateway heard", async () => {
    const { tenantId, deviceId, devEui } = await device();
    const gateways = [randomEui("f0"), randomEui("f1")];
    await store([uplink(devEui, 1, { x: 1 }, { gateways })]);
    const rows = await withPlatform(database.db, (tx) => tx.select().from(gatewayDevices).where(and(eq(gatewayDevices.tenantId, tenantId), eq(gatewayDevices.deviceId, deviceId))));
    expect(rows.map((r) => r.gatewayEui).sort()).toEqual([...gateways].sort());
    expect(rows.every((r) => r.lastHeardAt.getTime() === at(1).getTime())).toBe(true);
  });

  it("with a shared throttle, sends a device–gateway pair only when it is due, and again after a batch that failed", async () => {
    const { tenantId, deviceId, devEui } = await device();
    const gateway = randomEui("f2");
    const heard = new LastSeenThrottle(GATEWAY_DEVICE_REFRESH_MS);
    const storeHeard = (hours: number) => storeEvents(database.db, [uplink(devEui, hours, { x: 1 }, { gateways: [gateway] })], { decode: jsonCodec, heard });
    const lastHeard = async () => (await withPlatform(database.db, (tx) => tx.select().from(gatewayDevices).where(and(eq(gatewayDevices.tenantId, tenantId), eq(gatewayDevices.deviceId, deviceId)))))[0]?.lastHeardAt;
    const forget = () => withPlatform(database.db, (tx) => tx.delete(gatewayDevices).where(and(eq(gatewayDevices.tenantId, tenantId), eq(gatewayDevices.deviceId, deviceId))));

    // A batch whose gateway_devices write fails (after it claimed the pair) gives its claim back.
    const allow = await refuseInserts(database.db, "gateway_devices", "gateway_eui", gateway, "refused for this test");
    try {
      await expect(storeHeard(1)).rejects.toThrow();
    } finally {
      await allow();
    }
    expect(await lastHeard()).toBeUndefined();
    await storeHeard(1.01);
    expect(await lastHeard()).toEqual(at(1.01));

    // Within the refresh the pair is not even sent: a row removed meanwhile stays away…
    await forget();
    await storeHeard(1.05);
    expect(await lastHeard()).toBeUndefined();
    // …until the pair is due again.
    await storeHeard(1.1);
    expect(await lastHeard()).toEqual(at(1.1));
  });
});
