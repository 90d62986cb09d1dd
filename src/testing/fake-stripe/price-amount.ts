import Stripe from "stripe";

/**
 * The amount in minor units (pence) a price charges for a quantity: per-unit (incl. sub-penny
 * `unit_amount_decimal` and `transform_quantity`) or tiered (graduated / volume, with flat amounts).
 * Exact decimal arithmetic; the line total is rounded once, half-up [assumed, see README].
 */
export function priceAmount(price: Stripe.Price, quantity: number): number {
  const q = transformed(price, quantity);
  const exact = price.billing_scheme === "tiered" ? tieredAmount(price, q) : unitDecimal(price.unit_amount_decimal, price.unit_amount).mul(q);
  return exact.round("half-up", { mode: "decimal-places", value: 0 }).toNumber();
}

/** Tax on one line for one rate: exclusive adds `amount × rate`; inclusive carves it out of `amount`. */
export function taxAmount(amount: number, rate: Pick<Stripe.TaxRate, "percentage" | "inclusive">): number {
  const pct = Stripe.Decimal.from(rate.percentage);
  const hundred = Stripe.Decimal.from(100);
  const a = Stripe.Decimal.from(amount);
  const tax = rate.inclusive ? a.sub(a.mul(hundred).div(hundred.add(pct), 20, "half-up")) : a.mul(pct).div(hundred, 20, "half-up");
  return tax.round("half-up", { mode: "decimal-places", value: 0 }).toNumber();
}

function transformed(price: Stripe.Price, quantity: number): Stripe.Decimal {
  const q = Stripe.Decimal.from(quantity);
  if (price.transform_quantity === null) return q;
  const divided = q.div(Stripe.Decimal.from(price.transform_quantity.divide_by), 20, "half-up");
  return divided.round(price.transform_quantity.round === "down" ? "floor" : "ceil", { mode: "decimal-places", value: 0 });
}

function tieredAmount(price: Stripe.Price, quantity: Stripe.Decimal): Stripe.Decimal {
  const tiers = price.tiers ?? [];
  if (price.tiers_mode === "volume") {
    const tier = tiers.find((t) => t.up_to === null || quantity.lte(Stripe.Decimal.from(t.up_to))) ?? tiers.at(-1);
    if (tier === undefined) return Stripe.Decimal.zero;
    return unitDecimal(tier.unit_amount_decimal, tier.unit_amount).mul(quantity).add(unitDecimal(tier.flat_amount_decimal, tier.flat_amount));
  }
  let total = Stripe.Decimal.zero;
  let previousCap = Stripe.Decimal.zero;
  for (const tier of tiers) {
    if (!quantity.gt(previousCap)) break;
    const cap = tier.up_to === null ? quantity : Stripe.Decimal.from(tier.up_to);
    const inTier = (quantity.lt(cap) ? quantity : cap).sub(previousCap);
    total = total.add(unitDecimal(tier.unit_amount_decimal, tier.unit_amount).mul(inTier)).add(unitDecimal(tier.flat_amount_decimal, tier.flat_amount));
    previousCap = cap;
  }
  return total;
}

function unitDecimal(decimal: Stripe.Decimal | null, whole: number | null): Stripe.Decimal {
  return decimal ?? Stripe.Decimal.from(whole ?? 0);
}
