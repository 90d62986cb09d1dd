import { and, eq, gte, lt, sql } from "drizzle-orm";
import { ratePeriod, reconcileRatings, type BillingPeriod, type DeviceUsage } from "@/domain/billing";
import { JOIN_CREDITS, messageCredits } from "@/domain/lorawan";
import type { Database } from "@/server/db";
import { deviceEvents, devices, invoices } from "@/server/db/schema";
import { planVersionsOf } from "./plans";

/**
 * Usage recomputed from the raw events alone, not from the hourly rollups that billing used: credits
 * from each uplink's payload size again, joins as one message each, active hours from timestamps.
 */
export async function deviceUsageFromRawEvents(tx: Database, tenantId: string, period: BillingPeriod): Promise<DeviceUsage[]> {
  const rows = await tx
    .select({
      deviceId: deviceEvents.deviceId,
      kind: deviceEvents.kind,
      payloadBytes: deviceEvents.payloadBytes,
      hour: sql<string>`date_trunc('hour', ${deviceEvents.occurredAt} at time zone 'UTC')::text`,
      devEui: devices.devEui,
      name: devices.name,
    })
    .from(deviceEvents)
    .leftJoin(devices, and(eq(devices.tenantId, deviceEvents.tenantId), eq(devices.id, deviceEvents.deviceId)))
    .where(and(eq(deviceEvents.tenantId, tenantId), gte(deviceEvents.occurredAt, period.start), lt(deviceEvents.occurredAt, period.end), sql`${deviceEvents.kind} in ('uplink', 'join')`));
  const byDevice = new Map<string, DeviceUsage & { hours: Set<string> }>();
  for (const row of rows) {
    const usage = byDevice.get(row.deviceId) ?? { deviceId: row.deviceId, devEui: row.devEui ?? "", name: row.name ?? "(deleted device)", uplinks: 0, credits: 0, payloadBytes: 0, activeHours: 0, hours: new Set<string>() };
    if (row.kind === "uplink") {
      usage.uplinks++;
      usage.credits += messageCredits(row.payloadBytes);
      usage.payloadBytes += row.payloadBytes;
      usage.hours.add(row.hour);
    } else {
      usage.credits += JOIN_CREDITS;
    }
    byDevice.set(row.deviceId, usage);
  }
  return [...byDevice.values()].map(({ hours, ...usage }) => ({ ...usage, activeHours: hours.size }));
}

/** Each invoice of a period against an independent recomputation; lists every difference. */
export async function reconcilePeriod(tx: Database, period: BillingPeriod, stripeUsage?: (tenantId: string) => Promise<number | null>) {
  const issued = await tx.select().from(invoices).where(eq(invoices.periodStart, period.start));
  const results = [];
  for (const invoice of issued) {
    const recomputed = ratePeriod({ period, planVersions: await planVersionsOf(tx, invoice.planId), devices: await deviceUsageFromRawEvents(tx, invoice.tenantId, period) });
    const comparison = reconcileRatings(
      { period, lines: invoice.lines, subtotalPence: invoice.subtotalPence, vatPence: invoice.vatPence, totalPence: invoice.totalPence, notionalTotalPence: invoice.notionalTotalPence, planVersion: { planId: invoice.planId, version: invoice.planVersion }, usage: invoice.usage },
      recomputed,
    );
    const stripeOverage = invoice.mode === "stripe" && stripeUsage ? await stripeUsage(invoice.tenantId) : null;
    const stripeMatches = stripeOverage === null || stripeOverage === recomputed.usage.overageCredits;
    results.push({
      tenantId: invoice.tenantId, invoiceId: invoice.id, number: invoice.number, billedTotalPence: invoice.totalPence, recomputedTotalPence: recomputed.totalPence,
      matches: comparison.matches && stripeMatches, comparison, stripe: stripeOverage === null ? null : { reportedOverageCredits: stripeOverage, expectedOverageCredits: recomputed.usage.overageCredits },
    });
  }
  return results;
}
