import { randomBytes, randomUUID } from "node:crypto";
import type { CodecRunner } from "@/domain/codecs";
import { encryptDeviceKey } from "@/domain/crypto/device-keys";
import { normalizeChirpstackEvent } from "@/domain/lorawan";
import { withPlatform, type Database } from "@/server/db";
import { binLevels, deviceLatestValues, deviceLocations, deviceProfiles, deviceReadingsHourly, devices } from "@/server/db/schema";
import { decodeWith, type DecodeUplink } from "@/server/ingestion/decode-uplinks";
import { storeEvents } from "@/server/ingestion/store-events";
import { chirpstackUp } from "./network-server-samples";
import { unique } from "./factories";

/** A random EUI, optionally starting with `prefix` (hex), so tests can find their own rows by prefix. */
export const randomEui = (prefix = "") => (prefix + randomBytes(8).toString("hex")).slice(0, 16);
export const randomAesKey = () => randomBytes(16).toString("hex");

/** An OTAA registration with fresh random identifiers, as a tenant enters one in the portal. */
export const otaaDevice = (name: string) => ({ name, devEui: randomEui(), activation: "otaa" as const, joinEui: randomEui(), appKey: randomAesKey() });

/**
 * Stores uplinks as ingestion would (ChirpStack bodies, normalised, metered); decoded with `runner`'s
 * codecs, or not at all. Each is received at `receivedAt`, by default when it says it was sent.
 */
export async function ingestUplinks(db: Database, devEui: string, uplinks: Array<{ fCnt: number; data?: string; time?: string; receivedAt?: Date }>, runner?: Pick<CodecRunner, "decodeUplink">) {
  const decode: DecodeUplink = runner ? decodeWith(runner) : async (requests) => requests.map(() => ({ data: null, error: null }));
  const items = uplinks.map(({ receivedAt, ...u }) => ({
    event: normalizeChirpstackEvent("up", chirpstackUp({ devEui, ...u }), receivedAt ?? (u.time ? new Date(u.time) : new Date())),
    connectionId: randomUUID(),
  }));
  return storeEvents(db, items, { decode });
}

/** A tenant's profile and OTAA device (keys encrypted as the app stores them) with one stored uplink. */
export async function createNetworkFixtures(db: Database, tenantId: string) {
  const profileName = unique("Profile");
  const devEui = randomEui();
  const deviceId = randomUUID();
  const [profile] = await withPlatform(db, (tx) => tx.insert(deviceProfiles).values({ tenantId, name: profileName, region: "EU868", macVersion: "1.0.3" }).returning());
  await withPlatform(db, (tx) =>
    tx.insert(devices).values({
      tenantId, id: deviceId, devEui, name: "Victim sensor", activation: "otaa", profileId: profile!.id, joinEui: randomEui(),
      appKeyEnc: encryptDeviceKey(process.env.DEVICE_KEY_ENCRYPTION_KEY!, randomAesKey(), deviceId),
    }),
  );
  await ingestUplinks(db, devEui, [{ fCnt: 1 }]);
  return { profileId: profile!.id, profileName, deviceId, devEui };
}

/**
 * Readings a bin sensor would have left: a location, latest values, an hour of readings and a fill
 * level, so probes that would read or change them have something to find.
 */
export async function giveReadings(db: Database, tenantId: string, deviceId: string, at = new Date()) {
  const hour = new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
  await withPlatform(db, async (tx) => {
    await tx.insert(deviceLocations).values({ tenantId, deviceId, latitude: 53.19, longitude: -2.89, source: "manual", locatedAt: at });
    await tx.insert(deviceLatestValues).values({ tenantId, deviceId, field: "fillPercent", value: 91, at });
    await tx.insert(deviceReadingsHourly).values({ tenantId, deviceId, field: "fillPercent", hour, readings: 1, sum: 91, min: 91, max: 91 });
    await tx.insert(binLevels).values({ tenantId, deviceId, fillPercent: 91, fillAt: at, cycleStartedAt: at, startFillPercent: 91, readings: 1, sumT: 0, sumF: 91, sumTT: 0, sumTF: 0, overSince: at });
  });
}
