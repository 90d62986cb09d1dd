import type Stripe from "stripe";
import { periodKey } from "@/domain/billing";
import { rateTenantPeriod } from "@/server/billing/rate-tenant";
import { withTenant, type Database } from "@/server/db";
import { once, vatRate } from "./catalog";
import type { DraftOfPeriod } from "./draft-invoice";

/**
 * Stripe has no minimum monthly charge, so when Stripe drafts a tenant's period invoice, the top-up our
 * rating engine computes is added to that draft as an invoice item (taxed like the rest), before Stripe
 * finalizes it. Done at most once per tenant and period, whatever the number of webhook deliveries.
 */
export async function addMinimumChargeTopUp(db: Database, stripe: Stripe, draft: Stripe.Invoice, of: DraftOfPeriod) {
  const { tenantId, customerId, period } = of;
  const rated = await withTenant(db, { tenantId }, (tx) => rateTenantPeriod(tx, tenantId, period));
  const topUp = rated?.lines.find((line) => line.code === "minimum_charge_top_up");
  if (!rated || !topUp) return null;
  const taxRate = await vatRate(db, stripe, rated.planVersion.vatRateBasisPoints);
  return once(db, `minimum-${tenantId}-${periodKey(period)}`, (idempotencyKey) =>
    stripe.invoiceItems.create(
      {
        customer: customerId,
        invoice: draft.id,
        amount: topUp.amountPence,
        currency: "gbp",
        description: topUp.description,
        tax_rates: [taxRate],
        metadata: { tenant_id: tenantId, period: periodKey(period) },
      },
      { idempotencyKey },
    ),
  );
}
