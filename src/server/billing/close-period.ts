import { and, inArray, isNotNull } from "drizzle-orm";
import { periodKey, type BillingPeriod } from "@/domain/billing";
import { invalid } from "@/domain/errors";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import { withPlatform, type Database } from "@/server/db";
import { tenantBilling } from "@/server/db/schema";
import { issueInvoice } from "./invoices";
import type { PlanVersionCache } from "./rate-tenant";

/**
 * Tenants per transaction: one commit (one WAL flush) for them all, instead of one each. Fewer than 64,
 * the savepoints a PostgreSQL backend keeps track of in memory: beyond that, every session's row
 * visibility checks start reading the subtransaction log.
 */
const TENANTS_PER_COMMIT = 50;

/**
 * Issues every billed tenant's invoice for a finished period. Invoice numbers are gap-free, so issuers
 * take them one at a time (the counter's row lock, held until commit); tenants are therefore issued in
 * order, fifty to a transaction, each inside a savepoint of its own: a tenant whose invoice cannot
 * be issued is rolled back alone (its number with it) and listed as failed, and the rest go on. Safe
 * to run again: already-issued invoices are skipped. `onlyTenants` limits it to some tenants (the demo
 * closes its own tenants' past months).
 */
export async function closePeriod(db: Database, period: BillingPeriod, actor: Actor | null, now = new Date(), onlyTenants?: readonly string[]) {
  if (period.end > now) throw invalid(`${periodKey(period)} has not ended yet; invoices are issued once the month is over.`);
  const hasPlan = isNotNull(tenantBilling.planId);
  const billed = await withPlatform(db, (tx) =>
    tx.select({ tenantId: tenantBilling.tenantId }).from(tenantBilling).where(onlyTenants ? and(hasPlan, inArray(tenantBilling.tenantId, [...onlyTenants])) : hasPlan),
  );
  const summary = { period: periodKey(period), issued: 0, alreadyIssued: 0, failed: [] as Array<{ tenantId: string; error: string }> };
  const plans: PlanVersionCache = new Map();
  for (let i = 0; i < billed.length; i += TENANTS_PER_COMMIT) {
    const group = billed.slice(i, i + TENANTS_PER_COMMIT);
    const outcomes: Array<"issued" | "alreadyIssued" | { tenantId: string; error: string } | null> = [];
    try {
      await withPlatform(db, async (tx) => {
        for (const { tenantId } of group) {
          const outcome = await tx
            .transaction((savepoint) => issueInvoice(savepoint as unknown as Database, tenantId, period, now, plans))
            .then((result) => (result?.created ? ("issued" as const) : result ? ("alreadyIssued" as const) : null))
            .catch((error: Error) => ({ tenantId, error: error.message }));
          outcomes.push(outcome);
        }
      });
    } catch (error) {
      // The group's commit failed (the database went away): none of it was issued.
      summary.failed.push(...group.map(({ tenantId }) => ({ tenantId, error: (error as Error).message })));
      continue;
    }
    for (const outcome of outcomes) {
      if (outcome === "issued") summary.issued++;
      else if (outcome === "alreadyIssued") summary.alreadyIssued++;
      else if (outcome) summary.failed.push(outcome);
    }
  }
  await withPlatform(db, (tx) => recordAudit(tx, actor, { tenantId: null, action: "billing.period_closed", targetType: "period", targetId: summary.period, details: summary }));
  return summary;
}
