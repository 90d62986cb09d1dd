import { eq } from "drizzle-orm";
import StripeSdk, { type Stripe } from "stripe";
import type { PlanVersion } from "@/domain/billing";
import { withPlatform, type Database } from "@/server/db";
import { stripeCatalog } from "@/server/db/schema";
import { USAGE_METER_EVENT } from "./stripe-client";

/**
 * Finds or creates a Stripe object under our own key. The idempotency key is derived from the same
 * key, so a crash between Stripe's answer and our insert cannot create a second object: the retry
 * receives the first answer back.
 */
export async function once(db: Database, key: string, create: (idempotencyKey: string) => Promise<{ id: string }>): Promise<string> {
  const [known] = await withPlatform(db, (tx) => tx.select().from(stripeCatalog).where(eq(stripeCatalog.key, key)));
  if (known) return known.stripeId;
  const created = await create(`lr-catalog-${key}`);
  await withPlatform(db, (tx) => tx.insert(stripeCatalog).values({ key, stripeId: created.id }).onConflictDoNothing());
  return created.id;
}

export function usageMeter(db: Database, stripe: Stripe) {
  return once(db, "meter", (idempotencyKey) =>
    stripe.billing.meters.create(
      {
        display_name: "Billable message credits",
        event_name: USAGE_METER_EVENT,
        // `last`: each report carries the period's whole billable quantity so far, so a correction or a
        // resend replaces rather than adds — nothing can be counted twice.
        default_aggregation: { formula: "last" },
        customer_mapping: { type: "by_id", event_payload_key: "stripe_customer_id" },
        value_settings: { event_payload_key: "value" },
      },
      { idempotencyKey },
    ),
  );
}

function product(db: Database, stripe: Stripe) {
  return once(db, "product", (idempotencyKey) => stripe.products.create({ name: "LoRaWAN network connectivity" }, { idempotencyKey }));
}

export function vatRate(db: Database, stripe: Stripe, basisPoints: number) {
  return once(db, `tax-rate-${basisPoints}`, (idempotencyKey) =>
    stripe.taxRates.create(
      { display_name: "VAT", percentage: basisPoints / 100, inclusive: false, country: "GB", jurisdiction: "GB", tax_type: "vat" },
      { idempotencyKey },
    ),
  );
}

/** The two prices a plan version becomes in Stripe: per active device (licensed) and per billable credit (metered). */
export async function planPrices(db: Database, stripe: Stripe, plan: PlanVersion) {
  const productId = await product(db, stripe);
  const meterId = await usageMeter(db, stripe);
  const key = `plan-${plan.planId}-v${plan.version}`;
  const device = await once(db, `${key}-device`, (idempotencyKey) =>
    stripe.prices.create(
      { product: productId, currency: "gbp", unit_amount: plan.deviceMonthlyFeePence, recurring: { interval: "month", usage_type: "licensed" }, tax_behavior: "exclusive", nickname: `${plan.name} v${plan.version}: per active device`, lookup_key: `${key}-device` },
      { idempotencyKey },
    ),
  );
  const usage = await once(db, `${key}-usage`, (idempotencyKey) =>
    stripe.prices.create(
      {
        product: productId, currency: "gbp", recurring: { interval: "month", usage_type: "metered", meter: meterId }, tax_behavior: "exclusive",
        // Pence per credit with sub-penny precision, e.g. 7 p per 1,000 credits = 0.007.
        unit_amount_decimal: StripeSdk.Decimal.from((plan.pricePer1000CreditsPence / 1000).toString()),
        nickname: `${plan.name} v${plan.version}: credits above allowance`, lookup_key: `${key}-usage`,
      },
      { idempotencyKey },
    ),
  );
  return { device, usage };
}
