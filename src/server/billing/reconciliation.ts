import { and, eq, gte, lt, sql } from "drizzle-orm";
import { invoiceAmount, lateUsageSettlement, ratePeriod, reconcileRatings, type BillingPeriod, type DeviceUsage, type LateUsageCharge, type RatedLine } from "@/domain/billing";
import { JOIN_CREDITS, messageCredits } from "@/domain/lorawan";
import type { Database } from "@/server/db";
import { deviceEvents, devices, invoices, tenantBilling, tenants } from "@/server/db/schema";
import { lateUsageCarriedFor } from "./late-usage";
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

async function stripeCustomerOf(tx: Database, tenantId: string) {
  const [billing] = await tx.select({ customerId: tenantBilling.stripeCustomerId }).from(tenantBilling).where(eq(tenantBilling.tenantId, tenantId));
  return billing?.customerId ?? null;
}

/** The late-usage lines an issued invoice carries for earlier months, as the rating engine takes them. */
const carriedLines = (lines: readonly RatedLine[]): LateUsageCharge[] =>
  lines.filter((l) => l.code === "late_usage").map((l) => ({ usagePeriodKey: l.usagePeriod ?? "", credits: 0, uplinks: 0, amountPence: l.amountPence, description: l.description }));

/**
 * Each invoice of a period against an independent recomputation; lists every difference. The outcome is
 * "settled" when the only difference is late usage that later invoices carry in full (naming them).
 * In Stripe mode it also checks that Stripe's meter holds the billable credits the invoice states.
 */
export async function reconcilePeriod(tx: Database, period: BillingPeriod, stripeUsage?: (customerId: string) => Promise<number>) {
  const issued = await tx.select({ invoice: invoices, tenantName: tenants.name }).from(invoices).innerJoin(tenants, eq(tenants.id, invoices.tenantId)).where(eq(invoices.periodStart, period.start));
  const results = [];
  for (const { invoice, tenantName } of issued) {
    const recomputed = ratePeriod({
      period,
      planVersions: await planVersionsOf(tx, invoice.planId),
      devices: await deviceUsageFromRawEvents(tx, invoice.tenantId, period),
      // Lines for earlier months' late usage are reconciled with those months.
      lateUsage: carriedLines(invoice.lines),
    });
    const billed = { period, lines: invoice.lines, subtotalPence: invoice.subtotalPence, vatPence: invoice.vatPence, totalPence: invoice.totalPence, notionalTotalPence: invoice.notionalTotalPence, usage: invoice.usage };
    const comparison = reconcileRatings({ ...billed, planVersion: { planId: invoice.planId, version: invoice.planVersion } }, recomputed);
    const carried = comparison.matches ? [] : await lateUsageCarriedFor(tx, invoice.tenantId, period);
    const lateUsage = comparison.matches ? null : lateUsageSettlement(billed, recomputed, carried);
    const customerId = invoice.mode === "stripe" && stripeUsage ? await stripeCustomerOf(tx, invoice.tenantId) : null;
    const stripeOverage = customerId && stripeUsage ? await stripeUsage(customerId) : null;
    // Stripe bills the period from its meter, which the reporter freezes at the invoice's figure once issued.
    const stripeMatches = stripeOverage === null || stripeOverage === invoice.usage.overageCredits;
    const settled = lateUsage?.status === "settled" && comparison.planVersion === null;
    const outcome: "matches" | "settled" | "differs" = !stripeMatches ? "differs" : comparison.matches ? "matches" : settled ? "settled" : "differs";
    results.push({
      tenantId: invoice.tenantId, tenantName, invoiceId: invoice.id, number: invoice.number,
      billed: invoiceAmount(invoice), recomputed: invoiceAmount(recomputed),
      matches: outcome !== "differs", outcome, comparison, lateUsage,
      lateUsageLines: carried.map((c) => ({ invoiceId: c.invoiceId, invoiceNumber: c.invoiceNumber, settledPeriodKey: c.settledPeriodKey, credits: c.credits, amountPence: c.amountPence })),
      stripe: stripeOverage === null ? null : { reportedOverageCredits: stripeOverage, expectedOverageCredits: invoice.usage.overageCredits },
    });
  }
  return results;
}
