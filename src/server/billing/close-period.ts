import { isNotNull } from "drizzle-orm";
import { periodKey, type BillingPeriod } from "@/domain/billing";
import { invalid } from "@/domain/errors";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import { withPlatform, type Database } from "@/server/db";
import { tenantBilling } from "@/server/db/schema";
import { inParallel } from "@/server/in-parallel";
import { issueInvoice } from "./invoices";
import type { PlanVersionCache } from "./rate-tenant";

/** Tenants issued at the same time: they overlap their reads and rating, and queue only for the invoice number. */
const CONCURRENCY = 4;

/**
 * Issues every billed tenant's invoice for a finished period, one transaction per tenant so one
 * tenant's problem does not hold up the rest, a few tenants at a time. Safe to run again:
 * already-issued invoices are skipped.
 */
export async function closePeriod(db: Database, period: BillingPeriod, actor: Actor | null, now = new Date()) {
  if (period.end > now) throw invalid(`${periodKey(period)} has not ended yet; invoices are issued once the month is over.`);
  const billed = await withPlatform(db, (tx) => tx.select({ tenantId: tenantBilling.tenantId }).from(tenantBilling).where(isNotNull(tenantBilling.planId)));
  const summary = { period: periodKey(period), issued: 0, alreadyIssued: 0, failed: [] as Array<{ tenantId: string; error: string }> };
  const plans: PlanVersionCache = new Map();
  await inParallel(billed, CONCURRENCY, async ({ tenantId }) => {
    try {
      const result = await withPlatform(db, (tx) => issueInvoice(tx, tenantId, period, now, plans));
      if (result?.created) summary.issued++;
      else if (result) summary.alreadyIssued++;
    } catch (error) {
      summary.failed.push({ tenantId, error: (error as Error).message });
    }
  });
  await withPlatform(db, (tx) => recordAudit(tx, actor, { tenantId: null, action: "billing.period_closed", targetType: "period", targetId: summary.period, details: summary }));
  return summary;
}
