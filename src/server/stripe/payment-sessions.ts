import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { invalid } from "@/domain/errors";
import type { Database } from "@/server/db";
import { tenantBilling } from "@/server/db/schema";

async function customerOf(tx: Database, tenantId: string) {
  const [row] = await tx.select({ customerId: tenantBilling.stripeCustomerId }).from(tenantBilling).where(eq(tenantBilling.tenantId, tenantId));
  if (!row?.customerId) throw invalid("Card and Direct Debit payments are not set up for this organisation yet; the council's billing team will enable them.");
  return row.customerId;
}

/** Stripe Checkout in setup mode: the tenant saves a card or Direct Debit mandate for future invoices. */
export async function startPaymentMethodCheckout(tx: Database, stripe: Stripe, tenantId: string, returnUrl: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "setup",
    customer: await customerOf(tx, tenantId),
    currency: "gbp",
    success_url: `${returnUrl}?payment_method=saved`,
    cancel_url: returnUrl,
  });
  return { url: session.url };
}

/** Stripe's Customer Portal: invoices, receipts and payment methods, managed by the tenant. */
export async function openBillingPortal(tx: Database, stripe: Stripe, tenantId: string, returnUrl: string) {
  const session = await stripe.billingPortal.sessions.create({ customer: await customerOf(tx, tenantId), return_url: returnUrl });
  return { url: session.url };
}
