import Stripe from "stripe";

/** 2026-11-01T00:00:00Z, the fixed "now" most fake-Stripe tests run at. */
export const NOV_1 = Date.UTC(2026, 10, 1) / 1000;
export const HOUR = 3600;
export const DAY = 86400;

export interface Catalog {
  product: Stripe.Product;
  meter: Stripe.Billing.Meter;
  devicePrice: Stripe.Price;
  usagePrice: Stripe.Price;
  vat: Stripe.TaxRate;
}

/** The Longreach catalogue from the billing notes: £2.50/device/month, 0.5p per uplink unit, 20% VAT. */
export async function createCatalog(stripe: Stripe): Promise<Catalog> {
  const product = await stripe.products.create({ name: "LoRaWAN connectivity" });
  const meter = await stripe.billing.meters.create({
    display_name: "Uplink units",
    event_name: "lorawan_uplink_units",
    default_aggregation: { formula: "sum" },
    customer_mapping: { type: "by_id", event_payload_key: "stripe_customer_id" },
    value_settings: { event_payload_key: "value" },
    event_time_window: "hour",
  });
  const devicePrice = await stripe.prices.create({
    product: product.id,
    currency: "gbp",
    unit_amount: 250,
    recurring: { interval: "month", usage_type: "licensed" },
    tax_behavior: "exclusive",
    lookup_key: "device_month_v1",
  });
  const usagePrice = await stripe.prices.create({
    product: product.id,
    currency: "gbp",
    unit_amount_decimal: Stripe.Decimal.from("0.5"),
    recurring: { interval: "month", usage_type: "metered", meter: meter.id },
    tax_behavior: "exclusive",
    lookup_key: "uplink_unit_v1",
  });
  const vat = await stripe.taxRates.create({ display_name: "VAT", percentage: 20, inclusive: false, country: "GB", jurisdiction: "GB", tax_type: "vat" });
  return { product, meter, devicePrice, usagePrice, vat };
}

export async function createTenant(stripe: Stripe, tenantId: string): Promise<Stripe.Customer> {
  return stripe.customers.create({ name: `Tenant ${tenantId}`, email: `${tenantId}@example.org`, metadata: { tenant_id: tenantId } });
}
