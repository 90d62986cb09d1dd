import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../test/database";
import { ingestUplinks, randomAesKey, randomEui } from "../../../test/device-fixtures";
import { callerFor, createTenantWithTeam } from "../../../test/factories";
import { chirpstackUp } from "../../../test/network-server-samples";
import { EXAMPLE_CODECS, encodeBinFillLevel, encodeParkingOccupancy, sharedCodecRunner } from "@/domain/codecs";
import { normalizeChirpstackEvent } from "@/domain/lorawan";
import { decodeWith } from "./decode-uplinks";
import { storeEvents } from "./store-events";

const database = useTestDatabase();
afterAll(() => sharedCodecRunner().close());

const profileFields = { region: "EU868" as const, macVersion: "1.0.3" as const, deviceClass: "A" as const };
const binReading = (batteryMillivolts: number) => Buffer.from(encodeBinFillLevel({ fillPercent: 40, batteryMillivolts, temperatureC: 12 })).toString("base64");

async function tenantWith(profile: { codecSource: string; batteryMinMv?: number | null; batteryMaxMv?: number | null }) {
  const team = await createTenantWithTeam(database.db);
  const admin = callerFor(database.db, team.admin.id, team.tenant.slug);
  const { id: profileId } = await admin.deviceProfiles.create({ name: "Sensors", ...profileFields, ...profile });
  const register = async () => {
    const devEui = randomEui();
    const { id } = await admin.devices.register({ name: devEui, devEui, activation: "otaa", joinEui: randomEui(), appKey: randomAesKey(), profileId });
    return { devEui, battery: async () => (await admin.devices.get({ deviceId: id })).batteryLevel };
  };
  return { admin, register };
}

/** A ChirpStack status event (DevStatusAns) reporting `batteryLevel` percent. */
function networkStatus(devEui: string, batteryLevel: number) {
  const { deviceInfo } = chirpstackUp({ devEui });
  const event = normalizeChirpstackEvent("status", { deduplicationId: randomUUID(), time: new Date().toISOString(), deviceInfo, margin: 7, batteryLevel }, new Date());
  return storeEvents(database.db, [{ event, connectionId: randomUUID() }], { decode: decodeWith(sharedCodecRunner()) });
}

describe("battery level from decoded payloads", () => {
  it("turns a bin codec's battery millivolts into a percentage with the profile's voltage range", async () => {
    const { admin, register } = await tenantWith({ codecSource: EXAMPLE_CODECS.binFillLevel.source, batteryMinMv: 3000, batteryMaxMv: 3600 });
    const healthy = await register();
    const flat = await register();
    await ingestUplinks(database.db, healthy.devEui, [{ fCnt: 1, data: binReading(3450) }], sharedCodecRunner());
    await ingestUplinks(database.db, flat.devEui, [{ fCnt: 1, data: binReading(3060) }], sharedCodecRunner());
    expect([await healthy.battery(), await flat.battery()]).toEqual([75, 10]);
    expect(await admin.devices.summary()).toMatchObject({ total: 2, lowBattery: 1 });
  });

  it("takes a codec's batteryPercent as it is", async () => {
    const { register } = await tenantWith({ codecSource: EXAMPLE_CODECS.parkingOccupancy.source });
    const bay = await register();
    await ingestUplinks(database.db, bay.devEui, [{ fCnt: 1, data: Buffer.from(encodeParkingOccupancy({ occupied: true, batteryPercent: 64 })).toString("base64") }], sharedCodecRunner());
    expect(await bay.battery()).toBe(64);
  });

  it("keeps the payload's reading over the network server's status reports; without one, the network's is used", async () => {
    const withRange = await tenantWith({ codecSource: EXAMPLE_CODECS.binFillLevel.source, batteryMinMv: 3000, batteryMaxMv: 3600 });
    const bin = await withRange.register();
    await networkStatus(bin.devEui, 90);
    expect(await bin.battery()).toBe(90);
    await ingestUplinks(database.db, bin.devEui, [{ fCnt: 1, data: binReading(3300) }], sharedCodecRunner());
    await networkStatus(bin.devEui, 95);
    expect(await bin.battery()).toBe(50);

    // Millivolts but no voltage range on the profile: no payload reading, so the network's stands.
    const withoutRange = await tenantWith({ codecSource: EXAMPLE_CODECS.binFillLevel.source });
    const other = await withoutRange.register();
    await ingestUplinks(database.db, other.devEui, [{ fCnt: 1, data: binReading(3300) }], sharedCodecRunner());
    expect(await other.battery()).toBeNull();
    await networkStatus(other.devEui, 81);
    expect(await other.battery()).toBe(81);
  });
});

describe("a profile's battery voltage range", () => {
  it("is both voltages or neither, empty below full", async () => {
    const team = await createTenantWithTeam(database.db);
    const admin = callerFor(database.db, team.admin.id, team.tenant.slug);
    const refused = async (range: { batteryMinMv?: number | null; batteryMaxMv?: number | null }) =>
      admin.deviceProfiles.create({ name: `P ${randomUUID()}`, ...profileFields, codecSource: null, ...range }).then(
        () => null,
        (error: { message: string }) => error.message,
      );
    expect(await refused({ batteryMinMv: 3000 })).toMatch(/^batteryMaxMv: Enter the full voltage too/);
    expect(await refused({ batteryMaxMv: 3600 })).toMatch(/^batteryMinMv: Enter the empty voltage too/);
    expect(await refused({ batteryMinMv: 3600, batteryMaxMv: 3000 })).toMatch(/^batteryMaxMv: The full voltage must be above the empty one/);
    expect(await refused({ batteryMinMv: 0, batteryMaxMv: 3000 })).toMatch(/^batteryMinMv: .*between 1 and 60000/);
    expect(await refused({ batteryMinMv: 3000.5, batteryMaxMv: 3600 })).toMatch(/^batteryMinMv: .*whole number/);
    expect(await refused({ batteryMinMv: 3000, batteryMaxMv: 3600 })).toBeNull();
    const listed = (await admin.deviceProfiles.list()).map((p) => [p.batteryMinMv, p.batteryMaxMv]);
    expect(listed).toEqual([[3000, 3600]]);
  });
});
