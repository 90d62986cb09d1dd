import { and, desc, eq, isNotNull, lt } from "drizzle-orm";
import Stripe from "stripe";
import { NoPlanVersionError, periodContaining, periodKey, previousPeriod, type BillingPeriod } from "@/domain/billing";
import { rateTenantPeriod, estimateTenant } from "@/server/billing/rate-tenant";
import { withPlatform, withTenant, type Database } from "@/server/db";
import { invoices, meterReports, tenantBilling } from "@/server/db/schema";
import { USAGE_METER_EVENT } from "./stripe-client";

/** Stripe accepts meter events at most 35 days old; older corrections go on the next invoice by hand. */
const STRIPE_BACKDATE_LIMIT_MS = 35 * 86_400_000;

export interface ReporterHooks {
  /** Test seam: called after Stripe accepted a report and before it is marked sent (where a crash would hurt most). */
  afterSend?(identifier: string): Promise<void> | void;
}

/**
 * Reports each Stripe-billed tenant's billable credits (credits above the pooled allowance) to the
 * usage meter, for the current period and the one before (whose invoice Stripe may still be drafting).
 *
 * Why it cannot double-bill or lose usage:
 * - the meter aggregates with `last`, and every report carries the period's full quantity so far;
 * - a new revision (with its own identifier) is recorded before sending, only when the quantity changed;
 * - a report Stripe already has answers "already exists", which is taken as delivered — so a crash
 *   between Stripe's answer and our bookkeeping just resends the same identifier;
 * - a failed send (5xx, timeout, 429) stays pending and is retried on the next run.
 */
export async function reportUsage(db: Database, stripe: Stripe, now = new Date(), hooks: ReporterHooks = {}) {
  const accounts = await withPlatform(db, (tx) =>
    tx.select({ tenantId: tenantBilling.tenantId, customerId: tenantBilling.stripeCustomerId }).from(tenantBilling).where(isNotNull(tenantBilling.stripeSubscriptionId)),
  );
  const current = periodContaining(now);
  const result = { sent: 0, alreadyDelivered: 0, failed: 0, skipped: 0 };
  for (const account of accounts) {
    for (const period of [previousPeriod(current), current]) {
      if (now.getTime() - (period.end.getTime() - 1000) > STRIPE_BACKDATE_LIMIT_MS) continue;
      await recordRevisionIfChanged(db, account.tenantId, period, now);
    }
    const pending = await withPlatform(db, (tx) =>
      tx.select().from(meterReports).where(and(eq(meterReports.tenantId, account.tenantId), eq(meterReports.status, "pending"))).orderBy(meterReports.periodStart, meterReports.revision),
    );
    for (const report of pending) {
      const outcome = await send(db, stripe, report, account.customerId!, now, hooks);
      result[outcome]++;
    }
  }
  return result;
}

/**
 * The billable credits to report for a period: the invoice's once we issued it (usage arriving later is
 * late usage, billed on the next invoice, so Stripe must not bill it in this period as well), else the
 * period's rating so far. null when nothing of the period is billed through Stripe.
 */
async function billableCredits(db: Database, tenantId: string, period: BillingPeriod, now: Date) {
  return withTenant(db, { tenantId }, async (tx) => {
    const [invoice] = await tx.select({ usage: invoices.usage, internal: invoices.internal }).from(invoices).where(and(eq(invoices.tenantId, tenantId), eq(invoices.periodStart, period.start)));
    if (invoice) return invoice.internal ? null : invoice.usage.overageCredits;
    const rated = await (period.end > now ? estimateTenant(tx, tenantId, now) : rateTenantPeriod(tx, tenantId, period));
    return rated && !rated.internal ? rated.usage.overageCredits : null;
  }).catch((error) => {
    // The tenant joined its plan after that period began: nothing of it is billed through Stripe.
    if (error instanceof NoPlanVersionError) return null;
    throw error;
  });
}

async function recordRevisionIfChanged(db: Database, tenantId: string, period: BillingPeriod, now: Date) {
  const quantity = await billableCredits(db, tenantId, period, now);
  if (quantity === null) return;
  await withPlatform(db, async (tx) => {
    const [latest] = await tx
      .select()
      .from(meterReports)
      .where(and(eq(meterReports.tenantId, tenantId), eq(meterReports.periodStart, period.start)))
      .orderBy(desc(meterReports.revision))
      .limit(1)
      .for("update");
    if (latest ? latest.quantity === quantity : quantity === 0) return;
    const revision = (latest?.revision ?? 0) + 1;
    // Only the newest revision matters under `last`; an unsent older one would be stale when it landed.
    await tx
      .update(meterReports)
      .set({ status: "superseded" })
      .where(and(eq(meterReports.tenantId, tenantId), eq(meterReports.periodStart, period.start), eq(meterReports.status, "pending"), lt(meterReports.revision, revision)));
    await tx.insert(meterReports).values({ tenantId, periodStart: period.start, revision, quantity, identifier: `lr-${tenantId}-${periodKey(period)}-r${revision}` });
  });
}

async function send(db: Database, stripe: Stripe, report: typeof meterReports.$inferSelect, customerId: string, now: Date, hooks: ReporterHooks) {
  const period = periodContaining(report.periodStart);
  // Stamped inside the period it belongs to (its last second if the period is over), so Stripe bills it there.
  const timestamp = Math.floor(Math.min(now.getTime(), period.end.getTime() - 1000) / 1000);
  const mark = (values: Partial<typeof meterReports.$inferInsert>) =>
    withPlatform(db, (tx) => tx.update(meterReports).set(values).where(and(eq(meterReports.tenantId, report.tenantId), eq(meterReports.periodStart, report.periodStart), eq(meterReports.revision, report.revision))));
  try {
    await stripe.billing.meterEvents.create({
      event_name: USAGE_METER_EVENT,
      identifier: report.identifier,
      timestamp,
      payload: { stripe_customer_id: customerId, value: String(report.quantity) },
    });
    await hooks.afterSend?.(report.identifier);
    await mark({ status: "sent", sentAt: new Date(), attempts: report.attempts + 1, lastError: null });
    return "sent" as const;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && /already exists/i.test(error.message)) {
      await mark({ status: "sent", sentAt: new Date(), attempts: report.attempts + 1, lastError: null });
      return "alreadyDelivered" as const;
    }
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    await mark({ attempts: report.attempts + 1, lastError: `${error.type}: ${error.message}` });
    return "failed" as const;
  }
}
