import { and, eq, inArray, sql } from "drizzle-orm";
import type { DeviceLocation } from "@/domain/devices";
import type { Database } from "@/server/db";
import { binLevels, deviceLatestValues, deviceLocations, deviceReadingsHourly } from "@/server/db/schema";

/**
 * Places devices where a person says they are (the register and edit forms, the CSV import). Such a
 * location is never moved by the network server's location events; clearing it lets them place the
 * device again.
 */
export async function placeDevices(tx: Database, tenantId: string, placed: ReadonlyArray<{ deviceId: string; location: DeviceLocation }>, now = new Date()) {
  if (!placed.length) return;
  await tx
    .insert(deviceLocations)
    .values(placed.map(({ deviceId, location }) => ({ tenantId, deviceId, ...location, source: "manual" as const, locatedAt: now })))
    .onConflictDoUpdate({
      target: [deviceLocations.tenantId, deviceLocations.deviceId],
      set: { latitude: sqlExcluded("latitude"), longitude: sqlExcluded("longitude"), source: sqlExcluded("source"), locatedAt: sqlExcluded("located_at") },
    });
}

export async function clearDeviceLocation(tx: Database, tenantId: string, deviceId: string) {
  await tx.delete(deviceLocations).where(and(eq(deviceLocations.tenantId, tenantId), eq(deviceLocations.deviceId, deviceId)));
}

export async function deviceLocation(tx: Database, tenantId: string, deviceId: string) {
  const [row] = await tx
    .select({ latitude: deviceLocations.latitude, longitude: deviceLocations.longitude, source: deviceLocations.source, locatedAt: deviceLocations.locatedAt })
    .from(deviceLocations)
    .where(and(eq(deviceLocations.tenantId, tenantId), eq(deviceLocations.deviceId, deviceId)));
  return row ?? null;
}

/**
 * A deleted device's readings, fill level and location go with it (its events and usage stay, for the
 * invoices). The rollup tables have no foreign key to devices (see schema/readings.ts), hence this.
 * gateway_devices is the platform's, out of a tenant's reach: the network map counts only devices
 * that still exist there (network/network-map.ts).
 */
export async function forgetDeviceReadings(tx: Database, tenantId: string, deviceIds: string[]) {
  if (!deviceIds.length) return;
  for (const table of [deviceLocations, deviceLatestValues, deviceReadingsHourly, binLevels]) {
    await tx.delete(table).where(and(eq(table.tenantId, tenantId), inArray(table.deviceId, deviceIds)));
  }
}

const sqlExcluded = (column: string) => sql.raw(`excluded.${column}`);
