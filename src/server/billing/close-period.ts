import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { periodKey, type BillingPeriod } from "@/domain/billing";
import { invalid } from "@/domain/errors";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import { withPlatform, type Database } from "@/server/db";
import { failureReason } from "@/server/db/failure-reason";
import { tenantBilling, tenants } from "@/server/db/schema";
import { issueEachInSavepoint, issueInvoicesTogether, type IssueOutcome } from "./issue-invoices";
import type { PlanVersionCache } from "./rate-tenant";
import { deviceUsageOfTenants } from "./tenant-usage";

/**
 * Tenants per transaction: one commit (one WAL flush) and a handful of statements for them all
 * (issueInvoicesTogether). Issued one at a time, after a failure, each gets a savepoint: fewer than 64,
 * the savepoints a PostgreSQL backend keeps track of in memory, beyond which every session's row
 * visibility checks start reading the subtransaction log.
 */
const TENANTS_PER_COMMIT = 50;

/**
 * Issues every billed tenant's invoice for a finished period, fifty tenants to a transaction, from the
 * period's usage read for them all at the start (usage arriving later is late usage, which the next
 * invoice carries: the invoice records the usage it billed). Invoice numbers are gap-free: a group
 * takes its numbers together, under the counter's row lock, so groups are issued in order. If anything in a group fails, the group is rolled back (its numbers with it)
 * and issued again tenant by tenant, each in a savepoint: a tenant whose invoice cannot be issued is
 * rolled back alone and listed as failed, and the rest go on. Safe to run again: already-issued
 * invoices are skipped. `onlyTenants` limits it to some tenants (the demo closes its own tenants' past
 * months).
 */
export async function closePeriod(db: Database, period: BillingPeriod, actor: Actor | null, now = new Date(), onlyTenants?: readonly string[]) {
  if (period.end > now) throw invalid(`${periodKey(period)} has not ended yet; invoices are issued once the month is over.`);
  const hasPlan = isNotNull(tenantBilling.planId);
  const billed = await withPlatform(db, (tx) =>
    tx
      .select({ tenantId: tenantBilling.tenantId, name: tenants.name })
      .from(tenantBilling)
      .innerJoin(tenants, eq(tenants.id, tenantBilling.tenantId))
      .where(onlyTenants ? and(hasPlan, inArray(tenantBilling.tenantId, [...onlyTenants])) : hasPlan),
  );
  const names = new Map(billed.map((b) => [b.tenantId, b.name]));
  const summary = { period: periodKey(period), issued: 0, alreadyIssued: 0, failed: [] as Array<{ tenantId: string; tenantName: string; error: string }> };
  const fail = (tenantId: string, error: string) => summary.failed.push({ tenantId, tenantName: names.get(tenantId) ?? tenantId, error });
  const plans: PlanVersionCache = new Map();
  // The month's rollups in one pass for every tenant: read tenant by tenant, each would touch a page per row.
  const usage = await withPlatform(db, (tx) => deviceUsageOfTenants(tx, billed.map((b) => b.tenantId), period));
  for (let i = 0; i < billed.length; i += TENANTS_PER_COMMIT) {
    const group = billed.slice(i, i + TENANTS_PER_COMMIT).map((b) => b.tenantId);
    let outcomes: IssueOutcome[];
    try {
      outcomes = await withPlatform(db, (tx) => issueInvoicesTogether(tx, group, period, now, plans, usage));
    } catch {
      try {
        outcomes = await withPlatform(db, (tx) => issueEachInSavepoint(tx, group, period, now, plans));
      } catch (error) {
        // The group's commit failed (the database went away): none of it was issued.
        for (const tenantId of group) fail(tenantId, failureReason(error));
        continue;
      }
    }
    for (const outcome of outcomes) {
      if (outcome === "issued") summary.issued++;
      else if (outcome === "alreadyIssued") summary.alreadyIssued++;
      else if (outcome) fail(outcome.tenantId, outcome.error);
    }
  }
  await withPlatform(db, (tx) => recordAudit(tx, actor, { tenantId: null, action: "billing.period_closed", targetType: "period", targetId: summary.period, details: summary }));
  return summary;
}
