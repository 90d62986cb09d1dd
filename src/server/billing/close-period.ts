import { and, inArray, isNotNull } from "drizzle-orm";
import { periodKey, type BillingPeriod } from "@/domain/billing";
import { invalid } from "@/domain/errors";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import { withPlatform, type Database } from "@/server/db";
import { tenantBilling } from "@/server/db/schema";
import { issueInvoice } from "./invoices";

/**
 * Issues every billed tenant's invoice for a finished period, one transaction per tenant so one
 * tenant's problem does not hold up the rest. Safe to run again: already-issued invoices are skipped.
 * `onlyTenants` limits it to some tenants (the demo closes its own tenants' past months).
 */
export async function closePeriod(db: Database, period: BillingPeriod, actor: Actor | null, now = new Date(), onlyTenants?: readonly string[]) {
  if (period.end > now) throw invalid(`${periodKey(period)} has not ended yet; invoices are issued once the month is over.`);
  const hasPlan = isNotNull(tenantBilling.planId);
  const billed = await withPlatform(db, (tx) =>
    tx.select({ tenantId: tenantBilling.tenantId }).from(tenantBilling).where(onlyTenants ? and(hasPlan, inArray(tenantBilling.tenantId, [...onlyTenants])) : hasPlan),
  );
  const summary = { period: periodKey(period), issued: 0, alreadyIssued: 0, failed: [] as Array<{ tenantId: string; error: string }> };
  for (const { tenantId } of billed) {
    try {
      const result = await withPlatform(db, (tx) => issueInvoice(tx, tenantId, period, now));
      if (result?.created) summary.issued++;
      else if (result) summary.alreadyIssued++;
    } catch (error) {
      summary.failed.push({ tenantId, error: (error as Error).message });
    }
  }
  await withPlatform(db, (tx) => recordAudit(tx, actor, { tenantId: null, action: "billing.period_closed", targetType: "period", targetId: summary.period, details: summary }));
  return summary;
}
