import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { periodContaining, type BillingPeriod } from "@/domain/billing";
import { withPlatform, type Database } from "@/server/db";
import { invoices, tenantBilling } from "@/server/db/schema";

export interface DraftOfPeriod {
  tenantId: string;
  customerId: string;
  /** The period the draft bills (its period_start falls inside it). */
  period: BillingPeriod;
  /** Our own invoice for that period exists already (staff closed it first): the draft must match it. */
  issuedLocally: boolean;
}

/**
 * The tenant and period of a draft Stripe just made when renewing a subscription (`invoice.created`),
 * where we add what Stripe cannot compute itself (minimum-charge top-up, late usage); null for any
 * other invoice, or a customer that is not one of ours.
 */
export async function draftOfPeriod(db: Database, draft: Stripe.Invoice): Promise<DraftOfPeriod | null> {
  if (draft.status !== "draft" || draft.billing_reason !== "subscription_cycle") return null;
  const customerId = typeof draft.customer === "string" ? draft.customer : draft.customer?.id;
  if (!customerId) return null;
  const period = periodContaining(new Date(draft.period_start * 1000));
  return withPlatform(db, async (tx) => {
    const [billing] = await tx.select({ tenantId: tenantBilling.tenantId }).from(tenantBilling).where(eq(tenantBilling.stripeCustomerId, customerId));
    if (!billing) return null;
    const [local] = await tx.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.tenantId, billing.tenantId), eq(invoices.periodStart, period.start)));
    return { tenantId: billing.tenantId, customerId, period, issuedLocally: Boolean(local) };
  });
}
