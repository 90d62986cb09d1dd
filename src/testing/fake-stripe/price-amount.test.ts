import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { priceAmount, taxAmount } from "./price-amount";

function price(overrides: Partial<Stripe.Price>): Stripe.Price {
  return {
    id: "price_x",
    object: "price",
    active: true,
    billing_scheme: "per_unit",
    created: 0,
    currency: "gbp",
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: "prod_x",
    recurring: { interval: "month", interval_count: 1, meter: null, trial_period_days: null, usage_type: "licensed" },
    tax_behavior: "exclusive",
    tiers_mode: null,
    transform_quantity: null,
    type: "recurring",
    unit_amount: null,
    unit_amount_decimal: null,
    ...overrides,
  };
}

const tier = (upTo: number | null, unit: string, flat = 0): Stripe.Price.Tier => ({
  up_to: upTo,
  unit_amount: null,
  unit_amount_decimal: Stripe.Decimal.from(unit),
  flat_amount: flat,
  flat_amount_decimal: Stripe.Decimal.from(flat),
});

describe("priceAmount / taxAmount", () => {
  it("multiplies sub-penny unit amounts exactly and rounds the line once, half-up", () => {
    expect(priceAmount(price({ unit_amount_decimal: Stripe.Decimal.from("0.5") }), 1233)).toBe(617);
    expect(priceAmount(price({ unit_amount_decimal: Stripe.Decimal.from("0.1") }), 3)).toBe(0);
    expect(priceAmount(price({ unit_amount: 250, unit_amount_decimal: Stripe.Decimal.from(250) }), 5)).toBe(1250);
  });

  it("applies transform_quantity before pricing", () => {
    const perThousand = price({ unit_amount: 100, unit_amount_decimal: Stripe.Decimal.from(100), transform_quantity: { divide_by: 1000, round: "up" } });
    expect(priceAmount(perThousand, 1001)).toBe(200);
    expect(priceAmount({ ...perThousand, transform_quantity: { divide_by: 1000, round: "down" } }, 1999)).toBe(100);
  });

  it("prices graduated and volume tiers", () => {
    const tiers = [tier(1000, "0"), tier(null, "0.05")];
    expect(priceAmount(price({ billing_scheme: "tiered", tiers_mode: "graduated", tiers }), 1500)).toBe(25);
    expect(priceAmount(price({ billing_scheme: "tiered", tiers_mode: "volume", tiers: [tier(10, "100", 500), tier(null, "80")] }), 12)).toBe(960);
    expect(priceAmount(price({ billing_scheme: "tiered", tiers_mode: "volume", tiers: [tier(10, "100", 500), tier(null, "80")] }), 10)).toBe(1500);
  });

  it("computes exclusive and inclusive VAT on a line", () => {
    expect(taxAmount(617, { percentage: 20, inclusive: false })).toBe(123);
    expect(taxAmount(1200, { percentage: 20, inclusive: true })).toBe(200);
  });
});
