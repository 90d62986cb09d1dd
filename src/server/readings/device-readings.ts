import { and, asc, eq, gte, sql } from "drizzle-orm";
import { describeField } from "@/domain/readings/numeric-fields";
import { readingSeries, readingWindowStart, type ReadingWindow } from "@/domain/readings/reading-series";
import type { Database } from "@/server/db";
import { deviceLatestValues, deviceReadingsHourly } from "@/server/db/schema";
import { deviceRow } from "@/server/devices/device-queries";

/** The newest value of every numeric field the device reports (its cards), named for people. */
export async function latestReadings(tx: Database, tenantId: string, deviceId: string) {
  await deviceRow(tx, tenantId, deviceId);
  const rows = await tx
    .select({ field: deviceLatestValues.field, value: deviceLatestValues.value, at: deviceLatestValues.at })
    .from(deviceLatestValues)
    .where(and(eq(deviceLatestValues.tenantId, tenantId), eq(deviceLatestValues.deviceId, deviceId)))
    .orderBy(asc(deviceLatestValues.field));
  return rows.map((r) => ({ ...r, ...describeField(r.field) }));
}

/** One field over a window, from the hourly readings rollup (at most 720 rows, whatever the device sent). */
export async function readingHistory(tx: Database, tenantId: string, deviceId: string, field: string, window: ReadingWindow, now = new Date()) {
  await deviceRow(tx, tenantId, deviceId);
  const rows = await tx
    .select({ hour: deviceReadingsHourly.hour, readings: deviceReadingsHourly.readings, sum: deviceReadingsHourly.sum, min: deviceReadingsHourly.min, max: deviceReadingsHourly.max })
    .from(deviceReadingsHourly)
    .where(and(eq(deviceReadingsHourly.tenantId, tenantId), eq(deviceReadingsHourly.deviceId, deviceId), eq(deviceReadingsHourly.field, field), gte(deviceReadingsHourly.hour, readingWindowStart(now, window))));
  return { field, ...describeField(field), window, points: readingSeries(now, window, rows) };
}

/** The numeric fields the tenant's devices report, with how many devices report each (for the alerts form). */
export async function tenantFields(tx: Database, tenantId: string) {
  const rows = await tx
    .select({ field: deviceLatestValues.field, devices: sql<number>`count(*)::int` })
    .from(deviceLatestValues)
    .where(eq(deviceLatestValues.tenantId, tenantId))
    .groupBy(deviceLatestValues.field)
    .orderBy(asc(deviceLatestValues.field))
    .limit(200);
  return rows.map((r) => ({ ...r, ...describeField(r.field) }));
}
