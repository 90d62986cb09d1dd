import { and, asc, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { LOW_BATTERY_PERCENT } from "@/domain/devices/battery";
import { notFound } from "@/domain/errors";
import type { Database } from "@/server/db";
import { deviceLocations, deviceProfiles, devices } from "@/server/db/schema";
import { containsPattern } from "@/server/db/search";
import { maskedKeys } from "./device-key-columns";
import { deviceLocation } from "./device-locations";

export type DeviceSort = "lastSeen" | "name" | "newest";
export interface DeviceListFilter { search?: string; sort: DeviceSort; page: number; pageSize: number }

const ORDER: Record<DeviceSort, SQL[]> = {
  lastSeen: [sql`${devices.lastSeenAt} desc nulls last`, asc(devices.name), asc(devices.id)],
  name: [asc(devices.name), asc(devices.id)],
  newest: [desc(devices.createdAt), asc(devices.id)],
};

/** Search by name, DevEUI (however it is written: "70-B3-…" finds "70b3…") or tag. */
function searchCondition(search: string): SQL {
  const pattern = containsPattern(search);
  const eui = search.replace(/^0x/i, "").replace(/[\s:-]/g, "").toLowerCase();
  return or(
    ilike(devices.name, pattern),
    eui ? ilike(devices.devEui, containsPattern(eui)) : undefined,
    sql`exists (select 1 from unnest(${devices.tags}) as tag where tag ilike ${pattern})`,
  )!;
}

/** A tenant's devices with their latest state (filled by ingestion), one page at a time. */
export async function listDevices(tx: Database, tenantId: string, filter: DeviceListFilter) {
  const condition = and(eq(devices.tenantId, tenantId), filter.search ? searchCondition(filter.search) : undefined);
  const rows = await tx
    .select({
      id: devices.id, name: devices.name, devEui: devices.devEui, activation: devices.activation, tags: devices.tags,
      profileId: devices.profileId, profileName: deviceProfiles.name,
      lastSeenAt: devices.lastSeenAt, lastFCnt: devices.lastFCnt, lastRssi: devices.lastRssi, lastSnr: devices.lastSnr,
      batteryLevel: devices.batteryLevel, createdAt: devices.createdAt,
    })
    .from(devices)
    .leftJoin(deviceProfiles, and(eq(deviceProfiles.tenantId, devices.tenantId), eq(deviceProfiles.id, devices.profileId)))
    .where(condition)
    .orderBy(...ORDER[filter.sort])
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const [count] = await tx.select({ total: sql<number>`count(*)::int` }).from(devices).where(condition);
  return { rows, total: count?.total ?? 0 };
}

/** The device row itself, keys still encrypted: for this module's callers only, never returned as is. */
export async function deviceRow(tx: Database, tenantId: string, deviceId: string, opts: { forUpdate?: boolean } = {}) {
  const query = tx.select().from(devices).where(and(eq(devices.tenantId, tenantId), eq(devices.id, deviceId)));
  const [row] = await (opts.forUpdate ? query.for("update") : query);
  if (!row) throw notFound("That device");
  return row;
}

/** The id of the tenant's device with this DevEUI (lowercase hex), for callers that address devices by DevEUI. */
export async function deviceIdByEui(tx: Database, tenantId: string, devEui: string) {
  const [row] = await tx.select({ id: devices.id }).from(devices).where(and(eq(devices.tenantId, tenantId), eq(devices.devEui, devEui)));
  if (!row) throw notFound("That device");
  return row.id;
}

/** One device with its profile; keys masked. */
export async function getDevice(tx: Database, tenantId: string, deviceId: string) {
  const { appKeyEnc, nwkSKeyEnc, appSKeyEnc, ...device } = await deviceRow(tx, tenantId, deviceId);
  const [profile] = device.profileId
    ? await tx
        .select({ id: deviceProfiles.id, name: deviceProfiles.name, region: deviceProfiles.region, macVersion: deviceProfiles.macVersion, deviceClass: deviceProfiles.deviceClass, hasCodec: sql<boolean>`${deviceProfiles.codecSource} is not null` })
        .from(deviceProfiles)
        .where(and(eq(deviceProfiles.tenantId, tenantId), eq(deviceProfiles.id, device.profileId)))
    : [];
  return { ...device, profile: profile ?? null, location: await deviceLocation(tx, tenantId, deviceId), keys: maskedKeys(device.id, { appKeyEnc, nwkSKeyEnc, appSKeyEnc }) };
}

/** Counts for the tenant overview. */
export async function deviceSummary(tx: Database, tenantId: string) {
  const [row] = await tx
    .select({
      total: sql<number>`count(*)::int`,
      seenLastDay: sql<number>`count(*) filter (where ${devices.lastSeenAt} > now() - interval '24 hours')::int`,
      neverSeen: sql<number>`count(*) filter (where ${devices.lastSeenAt} is null)::int`,
      lowBattery: sql<number>`count(*) filter (where ${devices.batteryLevel} < ${LOW_BATTERY_PERCENT})::int`,
    })
    .from(devices)
    .where(eq(devices.tenantId, tenantId));
  return row ?? { total: 0, seenLastDay: 0, neverSeen: 0, lowBattery: 0 };
}

/** The tenant's devices that have a location, for its map (its own devices only: RLS and the tenant condition). */
export async function deviceMap(tx: Database, tenantId: string) {
  const located = await tx
    .select({
      id: devices.id, name: devices.name, devEui: devices.devEui, tags: devices.tags, lastSeenAt: devices.lastSeenAt, batteryLevel: devices.batteryLevel,
      latitude: deviceLocations.latitude, longitude: deviceLocations.longitude, locationSource: deviceLocations.source,
    })
    .from(devices)
    .innerJoin(deviceLocations, and(eq(deviceLocations.tenantId, devices.tenantId), eq(deviceLocations.deviceId, devices.id)))
    .where(eq(devices.tenantId, tenantId))
    .orderBy(asc(devices.name), asc(devices.id));
  const [count] = await tx.select({ total: sql<number>`count(*)::int` }).from(devices).where(eq(devices.tenantId, tenantId));
  return { devices: located, unplaced: (count?.total ?? 0) - located.length };
}
