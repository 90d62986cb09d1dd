import { and, eq, gte, sql } from "drizzle-orm";
import { hourlySeries, usageWindowStart, type UsageWindow } from "@/domain/devices";
import type { Database } from "@/server/db";
import { usageHourly } from "@/server/db/schema";
import { deviceRow } from "./device-queries";

/** Uplinks (and downlinks, joins, credits) per hour over the window, for one device or the whole tenant. */
export async function usageSummary(tx: Database, tenantId: string, opts: { deviceId?: string; window: UsageWindow; now?: Date }) {
  const now = opts.now ?? new Date();
  if (opts.deviceId) await deviceRow(tx, tenantId, opts.deviceId);
  const rows = await tx
    .select({
      hour: usageHourly.hour,
      uplinks: sql<number>`sum(${usageHourly.uplinks})::int`,
      downlinks: sql<number>`sum(${usageHourly.downlinks})::int`,
      joins: sql<number>`sum(${usageHourly.joins})::int`,
      credits: sql<number>`sum(${usageHourly.credits})::int`,
    })
    .from(usageHourly)
    .where(and(eq(usageHourly.tenantId, tenantId), gte(usageHourly.hour, usageWindowStart(now, opts.window)), opts.deviceId ? eq(usageHourly.deviceId, opts.deviceId) : undefined))
    .groupBy(usageHourly.hour);
  return { window: opts.window, ...hourlySeries(now, opts.window, rows) };
}
