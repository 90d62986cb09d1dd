import { ratePeriod, type BillingPeriod, type DeviceUsage, type RatedPeriod } from "@/domain/billing";
import type { Database } from "@/server/db";
import { failureReason } from "@/server/db/failure-reason";
import { invoiceRecords, invoicingState, issueInvoice, takeInvoiceNumbers, writeInvoiceRecords } from "./invoices";
import { tenantsWithLateUsage } from "./late-usage";
import { planVersionsCached, type PlanVersionCache } from "./rate-tenant";

/** What issuing came to for one tenant: issued now, issued before, not billed (no plan), or why it failed. */
export type IssueOutcome = "issued" | "alreadyIssued" | null | { tenantId: string; error: string };

/**
 * Issues a group of tenants' invoices for a period with a handful of statements for all of them, not a
 * handful each: their state and late usage read together; each rated in memory from `usage` (the
 * period's per-device usage, read for every tenant of the run at once: deviceUsageOfTenants); their numbers
 * taken in one step (in the order given, gap-free); the invoices, device lines and audit entries
 * written together. Tenants with late usage to carry go through issueInvoice one at a time. A tenant
 * whose rating fails is left out (no number taken). Any statement that fails aborts the caller's
 * transaction: the caller then issues the group one tenant at a time (issueEachInSavepoint), so one
 * tenant's problem stays its own.
 */
export async function issueInvoicesTogether(
  tx: Database, tenantIds: readonly string[], period: BillingPeriod, now: Date, plans: PlanVersionCache, usage: ReadonlyMap<string, DeviceUsage[]>,
): Promise<IssueOutcome[]> {
  const [{ issued, billing }, withLateUsage] = await Promise.all([invoicingState(tx, tenantIds, period), tenantsWithLateUsage(tx, tenantIds, period)]);
  const outcomes = new Map<string, IssueOutcome>();
  const ready: Array<{ tenantId: string; rated: RatedPeriod }> = [];
  const oneByOne: string[] = [];
  for (const tenantId of tenantIds) {
    const settings = billing.get(tenantId);
    if (issued.has(tenantId)) outcomes.set(tenantId, "alreadyIssued");
    else if (!settings?.planId) outcomes.set(tenantId, null);
    else if (withLateUsage.has(tenantId)) oneByOne.push(tenantId);
    else {
      try {
        ready.push({ tenantId, rated: ratePeriod({ period, planVersions: await planVersionsCached(tx, settings.planId, plans), devices: usage.get(tenantId) ?? [], lateUsage: [] }) });
      } catch (error) {
        outcomes.set(tenantId, { tenantId, error: failureReason(error) });
      }
    }
  }
  if (ready.length) {
    const numbers = await takeInvoiceNumbers(tx, now.getUTCFullYear(), ready.length);
    await writeInvoiceRecords(tx, ready.map(({ tenantId, rated }, i) => invoiceRecords(tenantId, billing.get(tenantId)!, rated, period, numbers[i]!, now)));
    for (const { tenantId } of ready) outcomes.set(tenantId, "issued");
  }
  for (const tenantId of oneByOne) outcomes.set(tenantId, (await issueEachInSavepoint(tx, [tenantId], period, now, plans))[0]!);
  return tenantIds.map((tenantId) => outcomes.get(tenantId)!);
}

/** Issues each tenant's invoice in a savepoint of its own: a tenant that fails is rolled back alone (its number with it). */
export async function issueEachInSavepoint(tx: Database, tenantIds: readonly string[], period: BillingPeriod, now: Date, plans: PlanVersionCache): Promise<IssueOutcome[]> {
  const outcomes: IssueOutcome[] = [];
  for (const tenantId of tenantIds) {
    outcomes.push(
      await tx
        .transaction((savepoint) => issueInvoice(savepoint as unknown as Database, tenantId, period, now, plans))
        .then((result): IssueOutcome => (result?.created ? "issued" : result ? "alreadyIssued" : null))
        .catch((error: unknown) => ({ tenantId, error: failureReason(error) })),
    );
  }
  return outcomes;
}
