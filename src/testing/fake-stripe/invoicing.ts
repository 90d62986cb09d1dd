import Stripe from "stripe";
import { addInterval } from "./billing-period";
import { invalidRequest } from "./api-error";
import { attachItems, pendingItemsFor } from "./invoice-items";
import { lineTaxes } from "./invoice-totals";
import { meterTotal } from "./metering";
import { newId } from "./object-ids";
import { priceAmount } from "./price-amount";
import type { Store } from "./store";

export interface InvoicePeriod {
  periodStart: number;
  periodEnd: number;
}

/**
 * Simulates Stripe closing a billing period: one finalized invoice for the subscription (see
 * `createDraftInvoice` for its lines), then `finalizeInvoice`'s payment rules.
 */
export function finalizeUpcomingInvoice(store: Store, subscriptionId: string, period: InvoicePeriod, now: number): Stripe.Invoice {
  const draft = createDraftInvoice(store, subscriptionId, period, now);
  return finalizeInvoice(store, draft.id, now);
}

/**
 * Stripe renewing a subscription: a `draft` invoice for [periodStart, periodEnd) with a line per item
 * — licensed items at quantity × price, metered items at the meter's aggregated usage for the
 * customer in that period (read now, not at finalization) — taxed with the item's tax rates or else
 * the subscription's default_tax_rates, plus the customer's pending invoice items, which are then
 * marked as on this invoice. The subscription's latest_invoice becomes the draft and its items move
 * on to the next period. Amounts are computed; nothing is numbered, charged or due yet.
 */
export function createDraftInvoice(store: Store, subscriptionId: string, period: InvoicePeriod, now: number): Stripe.Invoice {
  if (period.periodEnd <= period.periodStart) throw new Error(`periodEnd (${period.periodEnd}) must be after periodStart (${period.periodStart})`);
  const subscription = store.subscription(subscriptionId);
  const customer = store.customer(String(subscription.customer));
  const id = newId("in");
  const lines = subscription.items.data.map((item) => buildLine(store, subscription, item, id, period));
  const invoice: Stripe.Invoice = {
    id,
    object: "invoice",
    account_country: "GB",
    account_name: "Fake Stripe account",
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
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
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: customer.invoice_settings.footer,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
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
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: null,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: now,
  };
  attachItems(invoice, pendingItemsFor(store, customer.id, subscription.id, invoice.currency));
  store.invoices.set(id, invoice);
  subscription.latest_invoice = id;
  if (subscription.status !== "canceled") advancePeriods(subscription, period.periodEnd);
  return invoice;
}

/**
 * Finalizes a draft: it gets a number, URLs and (send_invoice) a due date. It is `paid` at once when
 * nothing is due or when it is charged automatically and a payment method exists (subscription's or
 * customer's invoice default); otherwise it stays `open` — an automatic charge then counts as a
 * failed attempt and an active subscription becomes `past_due`.
 */
export function finalizeInvoice(store: Store, invoiceId: string, now: number, params: Stripe.InvoiceFinalizeInvoiceParams = {}): Stripe.Invoice {
  const invoice = store.invoice(invoiceId);
  if (invoice.status !== "draft") {
    throw invalidRequest(`This invoice is already finalized, you can't re-finalize a non-draft invoice (${invoice.id} is ${invoice.status}).`, { code: "invoice_not_editable" });
  }
  const subscriptionId = invoice.parent?.subscription_details?.subscription;
  const subscription = typeof subscriptionId === "string" ? store.subscriptions.get(subscriptionId) : undefined;
  const customer = store.customer(String(invoice.customer));
  const due = invoice.amount_due;
  const hasPaymentMethod = (subscription?.default_payment_method ?? null) !== null || customer.invoice_settings.default_payment_method !== null;
  const autoCharge = invoice.collection_method === "charge_automatically";
  const paid = due === 0 || (autoCharge && hasPaymentMethod);
  invoice.status = paid ? "paid" : "open";
  invoice.number = store.nextInvoiceNumber();
  invoice.amount_paid = paid ? due : 0;
  invoice.amount_remaining = paid ? 0 : due;
  invoice.attempt_count = autoCharge && due > 0 ? 1 : 0;
  invoice.attempted = autoCharge && due > 0;
  invoice.auto_advance = paid ? false : (params.auto_advance ?? invoice.auto_advance ?? true);
  invoice.due_date = invoice.collection_method === "send_invoice" ? now + (subscription?.days_until_due ?? 0) * 86400 : null;
  invoice.effective_at = now;
  invoice.ending_balance = 0;
  invoice.hosted_invoice_url = `https://invoice.stripe.com/i/fake/${invoice.id}`;
  invoice.invoice_pdf = `https://pay.stripe.com/invoice/fake/${invoice.id}/pdf`;
  invoice.status_transitions = { ...invoice.status_transitions, finalized_at: now, paid_at: paid ? now : null };
  if (subscription !== undefined && autoCharge && !paid && subscription.status === "active") subscription.status = "past_due";
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
    taxes: lineTaxes(amount, rates),
  };
}

/** Items whose period ended move to [periodEnd, periodEnd + interval). */
function advancePeriods(subscription: Stripe.Subscription, periodEnd: number): void {
  for (const item of subscription.items.data) {
    if (item.price.recurring === null || periodEnd <= item.current_period_start) continue;
    item.current_period_start = periodEnd;
    item.current_period_end = addInterval(periodEnd, item.price.recurring);
  }
}
