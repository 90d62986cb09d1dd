import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { deviceUsageFromRollups, type BillingPeriod, type DeviceUsage, type HourlyUsageRollup, type UsageGranularity } from "@/domain/billing";
import type { Database } from "@/server/db";
import { devices, usageHourly } from "@/server/db/schema";

/** A deleted device keeps its usage (billing must stay traceable); it is shown under this name. */
export const DELETED_DEVICE = "(deleted device)";

/** Some tenants' hourly rollups in a period, with device names: the rating engine's input. */
async function rollupsOf(tx: Database, tenantIds: readonly string[], period: BillingPeriod) {
  const rows = await tx
    .select({
      tenantId: usageHourly.tenantId,
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
    .where(and(tenantIds.length === 1 ? eq(usageHourly.tenantId, tenantIds[0]!) : inArray(usageHourly.tenantId, [...tenantIds]), gte(usageHourly.hour, period.start), lt(usageHourly.hour, period.end)));
  const byTenant = new Map<string, HourlyUsageRollup[]>(tenantIds.map((id) => [id, []]));
  for (const { tenantId, ...r } of rows) byTenant.get(tenantId)!.push({ ...r, devEui: r.devEui ?? "", name: r.name ?? DELETED_DEVICE });
  return byTenant;
}

export async function tenantDeviceUsage(tx: Database, tenantId: string, period: BillingPeriod, until?: Date): Promise<DeviceUsage[]> {
  return deviceUsageFromRollups((await rollupsOf(tx, [tenantId], period)).get(tenantId)!, period, until);
}

/** Per-device usage of a period for many tenants, read in one statement (closing a period). */
export async function deviceUsageOfTenants(tx: Database, tenantIds: readonly string[], period: BillingPeriod): Promise<Map<string, DeviceUsage[]>> {
  const rollups = await rollupsOf(tx, tenantIds, period);
  return new Map([...rollups].map(([tenantId, rows]) => [tenantId, deviceUsageFromRollups(rows, period)]));
}

/**
 * Daily uplinks, credits and reporting devices for a tenant's usage chart (UTC days). Summed per device
 * and day first, then per day: hashing those groups is several times faster on a month of hourly rows
 * than counting distinct devices per day in one pass, which has to sort them.
 */
export async function tenantDailyUsage(tx: Database, tenantId: string, from: Date, to: Date) {
  const rows = await usageTotalsQuery(tx, tenantId, from, to, "day");
  return rows.map((r) => ({ day: new Date(r.start), uplinks: Number(r.uplinks), credits: Number(r.credits), devices: Number(r.devices) }));
}

/** tenantDailyUsage's statement, unexecuted (the benchmark prints its plan). */
export function dailyUsageQuery(tx: Database, tenantId: string, from: Date, to: Date) {
  return usageTotalsQuery(tx, tenantId, from, to, "day");
}

/**
 * Uplinks and credits per device and UTC hour or day in [from, to), from the hourly rollups: the inner
 * step of the billing page's daily chart, and the REST API's per-device usage.
 */
function perDeviceUsageQuery(tx: Database, tenantId: string, from: Date, to: Date, granularity: UsageGranularity) {
  // The unit is one of two literals, inlined so the grouped expression is the selected one (a bound parameter would not be).
  const start = sql<Date>`date_trunc('${sql.raw(granularity === "hour" ? "hour" : "day")}', ${usageHourly.hour} at time zone 'UTC') at time zone 'UTC'`;
  return tx
    .select({
      start: start.as("start"),
      deviceId: usageHourly.deviceId,
      uplinks: sql<number>`sum(${usageHourly.uplinks})`.as("uplinks"),
      credits: sql<number>`sum(${usageHourly.credits})`.as("credits"),
    })
    .from(usageHourly)
    .where(and(eq(usageHourly.tenantId, tenantId), gte(usageHourly.hour, from), lt(usageHourly.hour, to)))
    .groupBy(start, usageHourly.deviceId);
}

/** The tenant's uplinks, credits and reporting devices per UTC hour or day: the billing page's chart at either granularity. */
function usageTotalsQuery(tx: Database, tenantId: string, from: Date, to: Date, granularity: UsageGranularity) {
  const perDevice = perDeviceUsageQuery(tx, tenantId, from, to, granularity).as("per_device");
  return tx
    .select({
      start: perDevice.start,
      uplinks: sql<number>`sum(${perDevice.uplinks})::int`,
      credits: sql<number>`sum(${perDevice.credits})::bigint`,
      devices: sql<number>`(count(*) filter (where ${perDevice.uplinks} > 0))::int`,
    })
    .from(perDevice)
    .groupBy(perDevice.start)
    .orderBy(perDevice.start);
}

/**
 * Usage in [from, to) per UTC hour or day, for the whole tenant and per device (with deleted devices
 * under DELETED_DEVICE), from the same two queries the billing page's chart is made of, so the figures
 * are the billing page's. Buckets without usage are left out.
 */
export async function tenantUsageReport(tx: Database, tenantId: string, from: Date, to: Date, granularity: UsageGranularity) {
  const totals = await usageTotalsQuery(tx, tenantId, from, to, granularity);
  const perDevice = perDeviceUsageQuery(tx, tenantId, from, to, granularity).as("per_device");
  const deviceRows = await tx
    .select({ start: perDevice.start, deviceId: perDevice.deviceId, devEui: devices.devEui, name: devices.name, uplinks: perDevice.uplinks, credits: perDevice.credits })
    .from(perDevice)
    .leftJoin(devices, and(eq(devices.tenantId, tenantId), eq(devices.id, perDevice.deviceId)))
    .orderBy(perDevice.deviceId, perDevice.start);
  return {
    totals: totals.map((r) => ({ start: new Date(r.start), uplinks: Number(r.uplinks), credits: Number(r.credits), devices: Number(r.devices) })),
    devices: groupByDevice(deviceRows.map((r) => ({ ...r, start: new Date(r.start), uplinks: Number(r.uplinks), credits: Number(r.credits) }))),
  };
}

interface DeviceBucket { start: Date; deviceId: string; devEui: string | null; name: string | null; uplinks: number; credits: number }

/** Rows ordered by device then start, as one entry per device with its buckets and totals. */
function groupByDevice(rows: DeviceBucket[]) {
  const byDevice = new Map<string, { id: string; devEui: string | null; name: string; uplinks: number; credits: number; usage: Array<{ start: Date; uplinks: number; credits: number }> }>();
  for (const row of rows) {
    let device = byDevice.get(row.deviceId);
    if (!device) {
      device = { id: row.deviceId, devEui: row.devEui, name: row.name ?? DELETED_DEVICE, uplinks: 0, credits: 0, usage: [] };
      byDevice.set(row.deviceId, device);
    }
    device.uplinks += row.uplinks;
    device.credits += row.credits;
    device.usage.push({ start: row.start, uplinks: row.uplinks, credits: row.credits });
  }
  return [...byDevice.values()];
}
