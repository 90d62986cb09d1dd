import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { periodContaining, planVersionForPeriod } from "@/domain/billing";
import { recordAudit } from "@/server/audit/record-audit";
import { estimateTenant } from "@/server/billing/rate-tenant";
import { planVersionsOf } from "@/server/billing/plans";
import { withPlatform, withTenant, type Database } from "@/server/db";
import { tenantBilling, tenants } from "@/server/db/schema";
import { planPrices, vatRate } from "./catalog";

/**
 * Makes Stripe match a tenant's billing set-up: a Customer (PO number and terms as invoice fields), a
 * subscription with a per-device licensed item and a metered item for credits above the allowance,
 * prices of the plan version in force, and the device quantity. Internal (council) plans never go to
 * Stripe. Every create carries an idempotency key derived from our ids, so a crash cannot duplicate.
 */
export async function syncTenantToStripe(db: Database, stripe: Stripe, tenantId: string, now = new Date()) {
  const [row] = await withPlatform(db, (tx) =>
    tx.select({ billing: tenantBilling, tenant: tenants }).from(tenantBilling).innerJoin(tenants, eq(tenants.id, tenantBilling.tenantId)).where(eq(tenantBilling.tenantId, tenantId)),
  );
  if (!row?.billing.planId || row.tenant.status === "closed") return null;
  const { billing, tenant } = row;
  const plan = planVersionForPeriod(await withPlatform(db, (tx) => planVersionsOf(tx, billing.planId!)), periodContaining(now));
  if (plan.kind === "internal") return null;

  const customerFields = {
    name: tenant.name,
    email: tenant.billingEmail,
    metadata: { tenant_id: tenant.id },
    // Public bodies pay against a purchase order: the PO and the terms are printed on every invoice.
    invoice_settings: {
      custom_fields: [
        ...(billing.poNumber ? [{ name: "PO number", value: billing.poNumber }] : []),
        ...(billing.paymentMethod === "invoice" ? [{ name: "Payment terms", value: `${billing.paymentTermsDays} days` }] : []),
      ],
    },
  } satisfies Stripe.CustomerUpdateParams;
  let customerId = billing.stripeCustomerId;
  if (!customerId) {
    customerId = (await stripe.customers.create(customerFields, { idempotencyKey: `lr-customer-${tenant.id}` })).id;
    await save(db, tenantId, { stripeCustomerId: customerId });
  }

  const prices = await planPrices(db, stripe, plan);
  const taxRate = await vatRate(db, stripe, plan.vatRateBasisPoints);
  const estimate = await withTenant(db, { tenantId }, (tx) => estimateTenant(tx, tenantId, now));
  const activeDevices = estimate?.usage.activeDevices ?? 0;
  const planKey = `${plan.planId}:v${plan.version}`;

  if (!billing.stripeSubscriptionId) {
    const subscription = await stripe.subscriptions.create(
      {
        customer: customerId,
        items: [{ price: prices.device, quantity: activeDevices }, { price: prices.usage }],
        default_tax_rates: [taxRate],
        metadata: { tenant_id: tenant.id },
        ...(billing.paymentMethod === "invoice"
          ? { collection_method: "send_invoice" as const, days_until_due: billing.paymentTermsDays }
          : { collection_method: "charge_automatically" as const, payment_behavior: "default_incomplete" as const }),
      },
      { idempotencyKey: `lr-subscription-${tenant.id}-${planKey}` },
    );
    const deviceItem = subscription.items.data.find((i) => i.price.id === prices.device);
    const usageItem = subscription.items.data.find((i) => i.price.id === prices.usage);
    await save(db, tenantId, { stripeSubscriptionId: subscription.id, stripeDeviceItemId: deviceItem?.id ?? null, stripeUsageItemId: usageItem?.id ?? null, stripeSyncedPlan: planKey, stripeDeviceQuantity: activeDevices });
    await withPlatform(db, (tx) => recordAudit(tx, null, { tenantId, action: "stripe.subscription_created", targetType: "tenant", targetId: tenantId, details: { customerId, subscriptionId: subscription.id, plan: planKey } }));
    return { customerId, subscriptionId: subscription.id };
  }

  if (billing.stripeSyncedPlan !== planKey && billing.stripeDeviceItemId && billing.stripeUsageItemId) {
    // A new plan version took effect this period: swap both prices, without prorating the old period.
    await stripe.subscriptions.update(
      billing.stripeSubscriptionId,
      { items: [{ id: billing.stripeDeviceItemId, price: prices.device, quantity: activeDevices }, { id: billing.stripeUsageItemId, price: prices.usage }], default_tax_rates: [taxRate], proration_behavior: "none" },
      { idempotencyKey: `lr-plan-${billing.stripeSubscriptionId}-${planKey}` },
    );
    await save(db, tenantId, { stripeSyncedPlan: planKey, stripeDeviceQuantity: activeDevices });
  } else if (billing.stripeDeviceItemId && billing.stripeDeviceQuantity !== activeDevices) {
    // Quantity follows devices active this period; Stripe allows 200 updates per hour, we send at most one per run.
    await stripe.subscriptionItems.update(billing.stripeDeviceItemId, { quantity: activeDevices, proration_behavior: "none" });
    await save(db, tenantId, { stripeDeviceQuantity: activeDevices });
  }
  return { customerId, subscriptionId: billing.stripeSubscriptionId };
}

async function save(db: Database, tenantId: string, values: Partial<typeof tenantBilling.$inferInsert>) {
  await withPlatform(db, (tx) => tx.update(tenantBilling).set({ ...values, updatedAt: new Date() }).where(eq(tenantBilling.tenantId, tenantId)));
}
