import Stripe from "stripe";
import { addInterval } from "./billing-period";
import { meterTotal } from "./metering";
import { newId } from "./object-ids";
import { priceAmount, taxAmount } from "./price-amount";
import type { Store } from "./store";

export interface InvoicePeriod {
  periodStart: number;
  periodEnd: number;
}

/**
 * Simulates Stripe closing a billing period: one finalized invoice for the subscription with a line
 * per item — licensed items at quantity × price, metered items at the meter's aggregated usage for
 * the customer in [periodStart, periodEnd) — taxed with the item's tax rates or else the
 * subscription's default_tax_rates. Then it moves the items' current period on.
 */
export function finalizeUpcomingInvoice(store: Store, subscriptionId: string, period: InvoicePeriod, now: number): Stripe.Invoice {
  if (period.periodEnd <= period.periodStart) throw new Error(`periodEnd (${period.periodEnd}) must be after periodStart (${period.periodStart})`);
  const subscription = store.subscription(subscriptionId);
  const customer = store.customer(String(subscription.customer));
  const id = newId("in");
  const lines = subscription.items.data.map((item) => buildLine(store, subscription, item, id, period));
  const totals = sumTaxes(lines);
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  const total = subtotal + totals.exclusive;
  const hasPaymentMethod = subscription.default_payment_method !== null || customer.invoice_settings.default_payment_method !== null;
  const autoCharge = subscription.collection_method === "charge_automatically";
  const paid = total === 0 || (autoCharge && hasPaymentMethod);
  const invoice: Stripe.Invoice = {
    id,
    object: "invoice",
    account_country: "GB",
    account_name: "Fake Stripe account",
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: paid ? total : 0,
    amount_remaining: paid ? 0 : total,
    amount_shipping: 0,
    application: null,
    attempt_count: autoCharge && total > 0 ? 1 : 0,
    attempted: autoCharge && total > 0,
    auto_advance: !paid,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: "subscription_cycle",
    collection_method: subscription.collection_method,
    created: now,
    currency: subscription.currency,
    custom_fields: customer.invoice_settings.custom_fields,
    customer: customer.id,
    customer_account: null,
    customer_address: customer.address ?? null,
    customer_email: customer.email,
    customer_name: customer.name ?? null,
    customer_phone: customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: customer.tax_exempt ?? "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: subscription.default_tax_rates ?? [],
    description: null,
    discounts: [],
    due_date: subscription.collection_method === "send_invoice" ? now + (subscription.days_until_due ?? 0) * 86400 : null,
    effective_at: now,
    ending_balance: 0,
    footer: customer.invoice_settings.footer,
    from_invoice: null,
    hosted_invoice_url: `https://invoice.stripe.com/i/fake/${id}`,
    invoice_pdf: `https://pay.stripe.com/invoice/fake/${id}/pdf`,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: store.nextInvoiceNumber(),
    on_behalf_of: null,
    parent: { quote_details: null, subscription_details: { metadata: subscription.metadata, subscription: subscription.id }, type: "subscription_details" },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: period.periodEnd,
    period_start: period.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: paid ? "paid" : "open",
    status_transitions: { finalized_at: now, marked_uncollectible_at: null, paid_at: paid ? now : null, voided_at: null },
    subtotal,
    subtotal_excluding_tax: subtotal - totals.inclusive,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: subtotal - totals.inclusive,
    total_pretax_credit_amounts: [],
    total_taxes: totals.byRate,
    webhooks_delivered_at: now,
  };
  store.invoices.set(id, invoice);
  subscription.latest_invoice = id;
  if (autoCharge && !paid && subscription.status === "active") subscription.status = "past_due";
  if (subscription.status !== "canceled") advancePeriods(subscription, period.periodEnd);
  return invoice;
}

function buildLine(store: Store, subscription: Stripe.Subscription, item: Stripe.SubscriptionItem, invoiceId: string, period: InvoicePeriod): Stripe.InvoiceLineItem {
  const price = item.price;
  const meterId = price.recurring?.meter ?? null;
  const quantity = price.recurring?.usage_type === "metered" && meterId !== null
    ? meterTotal(store, store.meter(meterId), String(subscription.customer), period.periodStart, period.periodEnd)
    : (item.quantity ?? 0);
  const amount = priceAmount(price, quantity);
  const rates = item.tax_rates && item.tax_rates.length > 0 ? item.tax_rates : (subscription.default_tax_rates ?? []);
  const productId = typeof price.product === "string" ? price.product : price.product.id;
  const productName = store.products.get(productId)?.name ?? productId;
  return {
    id: newId("il"),
    object: "line_item",
    amount,
    currency: price.currency,
    description: `${quantity} × ${productName}`,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: {
      invoice_item_details: null,
      subscription_item_details: { invoice_item: null, proration: false, proration_details: { credited_items: null }, subscription: subscription.id, subscription_item: item.id },
      type: "subscription_item_details",
    },
    period: { start: period.periodStart, end: period.periodEnd },
    pretax_credit_amounts: [],
    pricing: { price_details: { price: price.id, product: productId }, type: "price_details", unit_amount_decimal: price.unit_amount_decimal },
    quantity: Number.isInteger(quantity) ? quantity : null,
    quantity_decimal: Stripe.Decimal.from(quantity),
    subscription: subscription.id,
    subtotal: amount,
    taxes: rates.map((rate) => ({
      amount: taxAmount(amount, rate),
      tax_behavior: rate.inclusive ? "inclusive" : "exclusive",
      tax_rate_details: { tax_rate: rate.id },
      taxability_reason: "standard_rated",
      taxable_amount: rate.inclusive ? amount - taxAmount(amount, rate) : amount,
      type: "tax_rate_details",
    })),
  };
}

function sumTaxes(lines: Stripe.InvoiceLineItem[]): { exclusive: number; inclusive: number; byRate: Stripe.Invoice.TotalTax[] } {
  const byRate = new Map<string, Stripe.Invoice.TotalTax>();
  let exclusive = 0;
  let inclusive = 0;
  for (const tax of lines.flatMap((line) => line.taxes ?? [])) {
    if (tax.tax_behavior === "inclusive") inclusive += tax.amount;
    else exclusive += tax.amount;
    const key = tax.tax_rate_details?.tax_rate ?? "";
    const current = byRate.get(key);
    if (current === undefined) byRate.set(key, { ...tax });
    else byRate.set(key, { ...current, amount: current.amount + tax.amount, taxable_amount: (current.taxable_amount ?? 0) + (tax.taxable_amount ?? 0) });
  }
  return { exclusive, inclusive, byRate: [...byRate.values()] };
}

/** Items whose period ended move to [periodEnd, periodEnd + interval). */
function advancePeriods(subscription: Stripe.Subscription, periodEnd: number): void {
  for (const item of subscription.items.data) {
    if (item.price.recurring === null || periodEnd <= item.current_period_start) continue;
    item.current_period_start = periodEnd;
    item.current_period_end = addInterval(periodEnd, item.price.recurring);
  }
}
