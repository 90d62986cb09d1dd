import { and, eq, gte, lt, sql } from "drizzle-orm";
import { deviceUsageFromRollups, type BillingPeriod, type DeviceUsage, type HourlyUsageRollup } from "@/domain/billing";
import type { Database } from "@/server/db";
import { devices, usageHourly } from "@/server/db/schema";

/** A deleted device keeps its usage (billing must stay traceable); it is shown under this name. */
const DELETED_DEVICE = "(deleted device)";

/** One tenant's hourly rollups in a period, with device names: the rating engine's input. */
export async function tenantRollups(tx: Database, tenantId: string, period: BillingPeriod): Promise<HourlyUsageRollup[]> {
  const rows = await tx
    .select({
      deviceId: usageHourly.deviceId,
      devEui: devices.devEui,
      name: devices.name,
      hourStart: usageHourly.hour,
      uplinks: usageHourly.uplinks,
      credits: usageHourly.credits,
      payloadBytes: usageHourly.payloadBytes,
    })
    .from(usageHourly)
    .leftJoin(devices, and(eq(devices.tenantId, usageHourly.tenantId), eq(devices.id, usageHourly.deviceId)))
    .where(and(eq(usageHourly.tenantId, tenantId), gte(usageHourly.hour, period.start), lt(usageHourly.hour, period.end)));
  return rows.map((r) => ({ ...r, devEui: r.devEui ?? "", name: r.name ?? DELETED_DEVICE }));
}

export async function tenantDeviceUsage(tx: Database, tenantId: string, period: BillingPeriod, until?: Date): Promise<DeviceUsage[]> {
  return deviceUsageFromRollups(await tenantRollups(tx, tenantId, period), period, until);
}

/**
 * Daily uplinks, credits and reporting devices for a tenant's usage chart (UTC days). Summed per device
 * and day first, then per day: hashing those groups is several times faster on a month of hourly rows
 * than counting distinct devices per day in one pass, which has to sort them.
 */
export async function tenantDailyUsage(tx: Database, tenantId: string, from: Date, to: Date) {
  const rows = await dailyUsageQuery(tx, tenantId, from, to);
  return rows.map((r) => ({ day: new Date(r.day), uplinks: Number(r.uplinks), credits: Number(r.credits), devices: Number(r.devices) }));
}

/** tenantDailyUsage's statement, unexecuted (the benchmark prints its plan). */
export function dailyUsageQuery(tx: Database, tenantId: string, from: Date, to: Date) {
  const day = sql<Date>`date_trunc('day', ${usageHourly.hour} at time zone 'UTC') at time zone 'UTC'`;
  const perDevice = tx
    .select({
      day: day.as("day"),
      uplinks: sql<number>`sum(${usageHourly.uplinks})`.as("uplinks"),
      credits: sql<number>`sum(${usageHourly.credits})`.as("credits"),
    })
    .from(usageHourly)
    .where(and(eq(usageHourly.tenantId, tenantId), gte(usageHourly.hour, from), lt(usageHourly.hour, to)))
    .groupBy(day, usageHourly.deviceId)
    .as("per_device");
  return tx
    .select({
      day: perDevice.day,
      uplinks: sql<number>`sum(${perDevice.uplinks})::int`,
      credits: sql<number>`sum(${perDevice.credits})::bigint`,
      devices: sql<number>`(count(*) filter (where ${perDevice.uplinks} > 0))::int`,
    })
    .from(perDevice)
    .groupBy(perDevice.day)
    .orderBy(perDevice.day);
}
