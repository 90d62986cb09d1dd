import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { periodKey, planVersionForPeriod } from "@/domain/billing";
import { carryLateUsage } from "@/server/billing/late-usage";
import { planVersionsOf } from "@/server/billing/plans";
import { withTenant, type Database } from "@/server/db";
import { tenantBilling } from "@/server/db/schema";
import { once, vatRate } from "./catalog";
import type { DraftOfPeriod } from "./draft-invoice";

/**
 * Stripe mode's late usage (see domain/billing/late-usage.ts): when Stripe drafts a tenant's period
 * invoice, the late usage of earlier months not yet carried is recorded as carried by that invoice —
 * in the same rows local invoicing uses — and each month's amount is added to the draft as an invoice
 * item, taxed like the rest. Our own invoice for the period, issued when Stripe finalizes the draft,
 * then carries exactly these lines. Webhook retries and replays find the rows and the items already
 * made (keyed by tenant, late month and carrying month), so nothing is billed twice; usage arriving
 * after the draft waits for the next one. If staff closed the period here first, the draft is left
 * as it is so it matches that invoice, and its late usage goes on the next draft.
 */
export async function addLateUsageItems(db: Database, stripe: Stripe, draft: Stripe.Invoice, of: DraftOfPeriod) {
  if (of.issuedLocally) return [];
  const { tenantId, customerId, period } = of;
  const { carried, vatRateBasisPoints } = await withTenant(db, { tenantId }, async (tx) => {
    const [billing] = await tx.select({ planId: tenantBilling.planId }).from(tenantBilling).where(eq(tenantBilling.tenantId, tenantId));
    if (!billing?.planId) return { carried: [], vatRateBasisPoints: 0 };
    const plan = planVersionForPeriod(await planVersionsOf(tx, billing.planId), period);
    return { carried: await carryLateUsage(tx, tenantId, period, draft.id), vatRateBasisPoints: plan.vatRateBasisPoints };
  });
  const items = [];
  for (const charge of carried.filter((c) => c.amountPence > 0 && c.stripeInvoiceId === draft.id)) {
    const taxRate = await vatRate(db, stripe, vatRateBasisPoints);
    items.push(
      await once(db, `late-${tenantId}-${charge.usagePeriodKey}-on-${periodKey(period)}`, (idempotencyKey) =>
        stripe.invoiceItems.create(
          {
            customer: customerId,
            invoice: draft.id,
            amount: charge.amountPence,
            currency: "gbp",
            description: charge.description,
            tax_rates: [taxRate],
            metadata: { tenant_id: tenantId, period: periodKey(period), late_usage_period: charge.usagePeriodKey },
          },
          { idempotencyKey },
        ),
      ),
    );
  }
  return items;
}
