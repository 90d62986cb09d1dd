import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { periodContaining, periodKey } from "@/domain/billing";
import { rateTenantPeriod } from "@/server/billing/rate-tenant";
import { withPlatform, withTenant, type Database } from "@/server/db";
import { tenantBilling } from "@/server/db/schema";
import { once, vatRate } from "./catalog";

/**
 * Stripe has no minimum monthly charge, so when Stripe drafts a tenant's period invoice, the top-up our
 * rating engine computes is added to that draft as an invoice item (taxed like the rest), before Stripe
 * finalizes it. Done at most once per tenant and period, whatever the number of webhook deliveries.
 */
export async function addMinimumChargeTopUp(db: Database, stripe: Stripe, draft: Stripe.Invoice) {
  if (draft.status !== "draft" || draft.billing_reason !== "subscription_cycle") return null;
  const customerId = typeof draft.customer === "string" ? draft.customer : draft.customer?.id;
  const [billing] = await withPlatform(db, (tx) => tx.select().from(tenantBilling).where(eq(tenantBilling.stripeCustomerId, customerId ?? "")));
  if (!billing) return null;
  const period = periodContaining(new Date(draft.period_start * 1000));
  const rated = await withTenant(db, { tenantId: billing.tenantId }, (tx) => rateTenantPeriod(tx, billing.tenantId, period));
  const topUp = rated?.lines.find((line) => line.code === "minimum_charge_top_up");
  if (!rated || !topUp) return null;
  const taxRate = await vatRate(db, stripe, rated.planVersion.vatRateBasisPoints);
  return once(db, `minimum-${billing.tenantId}-${periodKey(period)}`, (idempotencyKey) =>
    stripe.invoiceItems.create(
      {
        customer: customerId!,
        invoice: draft.id,
        amount: topUp.amountPence,
        currency: "gbp",
        description: topUp.description,
        tax_rates: [taxRate],
        metadata: { tenant_id: billing.tenantId, period: periodKey(period) },
      },
      { idempotencyKey },
    ),
  );
}
