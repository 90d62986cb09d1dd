import { and, asc, eq, inArray, sql } from "drizzle-orm";
import {
  billedSoFar,
  lateUsageCharge,
  parsePeriodKey,
  periodContaining,
  periodKey,
  ratePeriod,
  type BillingPeriod,
  type LateUsageCharge,
  type RatedLine,
  type UsageSummary,
} from "@/domain/billing";
import type { Database } from "@/server/db";
import { resultRows } from "@/server/db/result-rows";
import { isOneOf } from "@/server/db/unnest-rows";
import { invoices, lateUsageSettlements } from "@/server/db/schema";
import { planVersionsOf } from "./plans";
import { tenantDeviceUsage } from "./tenant-usage";

/**
 * How far back late usage is looked for. Events older than a network server's retry window are stamped
 * with their receive time by the normaliser, so real late usage is days old; a year bounds the scan.
 */
const LOOKBACK_MONTHS = 12;

export type CarriedLateUsage = LateUsageCharge & { stripeInvoiceId: string | null };

function toCharge(row: typeof lateUsageSettlements.$inferSelect): CarriedLateUsage {
  return {
    usagePeriodKey: periodKey(periodContaining(row.usagePeriodStart)),
    credits: row.credits,
    uplinks: row.uplinks,
    amountPence: row.amountPence,
    description: row.description,
    stripeInvoiceId: row.stripeInvoiceId,
  };
}

/** Late usage already carried by the invoice of `period` (issued or, in Stripe mode, being drafted). */
export async function lateUsageCarriedOn(tx: Database, tenantId: string, period: BillingPeriod): Promise<CarriedLateUsage[]> {
  const rows = await tx
    .select()
    .from(lateUsageSettlements)
    .where(and(eq(lateUsageSettlements.tenantId, tenantId), eq(lateUsageSettlements.settledPeriodStart, period.start)))
    .orderBy(asc(lateUsageSettlements.usagePeriodStart));
  return rows.map(toCharge);
}

/** Every late-usage line carried for a month's usage so far, with the number of the invoice carrying it (null until issued). */
export async function lateUsageCarriedFor(tx: Database, tenantId: string, usagePeriod: BillingPeriod) {
  const rows = await tx
    .select({ settlement: lateUsageSettlements, invoiceId: invoices.id, invoiceNumber: invoices.number })
    .from(lateUsageSettlements)
    .leftJoin(invoices, and(eq(invoices.tenantId, lateUsageSettlements.tenantId), eq(invoices.periodStart, lateUsageSettlements.settledPeriodStart)))
    .where(and(eq(lateUsageSettlements.tenantId, tenantId), eq(lateUsageSettlements.usagePeriodStart, usagePeriod.start)))
    .orderBy(asc(lateUsageSettlements.settledPeriodStart));
  return rows.map((r) => ({ ...toCharge(r.settlement), settledPeriodKey: periodKey(periodContaining(r.settlement.settledPeriodStart)), invoiceId: r.invoiceId, invoiceNumber: r.invoiceNumber }));
}

interface InvoicedMonth {
  tenant_id: string;
  number: string;
  period_start: string;
  plan_id: string;
  lines: RatedLine[];
  usage: UsageSummary;
  carried_credits: string | number;
  carried_uplinks: string | number;
  credits: string | number;
  uplinks: string | number;
}

/**
 * The tenants' invoiced months before `before` (not voided, within the look-back) whose rollups now
 * hold more usage than their invoice and the late lines since carried. Sums per month are read in one
 * statement, so only months that really changed are re-rated.
 */
async function monthsWithNewUsage(tx: Database, tenantIds: readonly string[], before: BillingPeriod) {
  const from = new Date(Date.UTC(before.start.getUTCFullYear(), before.start.getUTCMonth() - LOOKBACK_MONTHS, 1));
  const rows = resultRows<InvoicedMonth>(
    await tx.execute(sql`
      select i.tenant_id, i.number, i.period_start::text as period_start, i.plan_id, i.lines, i.usage,
        coalesce(s.credits, 0) as carried_credits, coalesce(s.uplinks, 0) as carried_uplinks,
        coalesce(u.credits, 0) as credits, coalesce(u.uplinks, 0) as uplinks
      from invoices i
      left join lateral (
        select sum(ls.credits) as credits, sum(ls.uplinks) as uplinks from late_usage_settlements ls
        where ls.tenant_id = i.tenant_id and ls.usage_period_start = i.period_start
      ) s on true
      left join lateral (
        select sum(uh.credits) as credits, sum(uh.uplinks) as uplinks from usage_hourly uh
        where uh.tenant_id = i.tenant_id and uh.hour >= i.period_start and uh.hour < i.period_end
      ) u on true
      where ${isOneOf(sql`i.tenant_id`, tenantIds, "uuid")} and i.period_start >= ${from.toISOString()} and i.period_start < ${before.start.toISOString()} and i.status <> 'void'
      order by i.period_start`),
  );
  return rows.filter((r) => Number(r.credits) > r.usage.credits + Number(r.carried_credits) || Number(r.uplinks) > r.usage.uplinks + Number(r.carried_uplinks));
}

/** Late usage of earlier months not yet carried by any invoice, each re-rated at the prices that priced its month. */
export async function outstandingLateUsage(tx: Database, tenantId: string, before: BillingPeriod): Promise<LateUsageCharge[]> {
  const charges: LateUsageCharge[] = [];
  for (const month of await monthsWithNewUsage(tx, [tenantId], before)) {
    const period = periodContaining(new Date(month.period_start));
    const rerated = ratePeriod({ period, planVersions: await planVersionsOf(tx, month.plan_id), devices: await tenantDeviceUsage(tx, tenantId, period) });
    const carried = await lateUsageCarriedFor(tx, tenantId, period);
    const charge = lateUsageCharge(rerated, billedSoFar({ period, lines: month.lines, usage: month.usage }, carried), month.number);
    if (charge) charges.push(charge);
  }
  return charges;
}

/**
 * Which of the tenants have late usage to carry on the invoice of `onto`: earlier months with usage
 * not yet billed, or lines already recorded as carried by it (Stripe drafted it). Their invoices are
 * issued one at a time (issueInvoice); the others need no late-usage work at all.
 */
export async function tenantsWithLateUsage(tx: Database, tenantIds: readonly string[], onto: BillingPeriod) {
  const [changed, carried] = await Promise.all([
    monthsWithNewUsage(tx, tenantIds, onto),
    tx.selectDistinct({ tenantId: lateUsageSettlements.tenantId }).from(lateUsageSettlements)
      .where(and(inArray(lateUsageSettlements.tenantId, [...tenantIds]), eq(lateUsageSettlements.settledPeriodStart, onto.start))),
  ]);
  return new Set([...changed.map((m) => m.tenant_id), ...carried.map((c) => c.tenantId)]);
}

/**
 * Records the late usage outstanding now as carried by the invoice of `onto`, and returns everything
 * that invoice carries. Idempotent: a month already carried by this invoice keeps its row (what was
 * billed), and anything newer waits for the invoice after.
 */
export async function carryLateUsage(tx: Database, tenantId: string, onto: BillingPeriod, stripeInvoiceId: string | null = null): Promise<CarriedLateUsage[]> {
  const outstanding = await outstandingLateUsage(tx, tenantId, onto);
  if (outstanding.length) {
    await tx
      .insert(lateUsageSettlements)
      .values(
        outstanding.map((c) => ({
          tenantId,
          usagePeriodStart: parsePeriodKey(c.usagePeriodKey).start,
          settledPeriodStart: onto.start,
          credits: c.credits,
          uplinks: c.uplinks,
          amountPence: c.amountPence,
          description: c.description,
          stripeInvoiceId,
        })),
      )
      .onConflictDoNothing();
  }
  return lateUsageCarriedOn(tx, tenantId, onto);
}
