import Stripe from "stripe";
import { invalidParam, invalidRequest, missingParam } from "./api-error";
import { lineTaxes, recomputeTotals } from "./invoice-totals";
import { mergeMetadata } from "./metadata";
import { newId } from "./object-ids";
import type { Store } from "./store";
import { taxRateObjects } from "./subscription-model";

/** What POST /v1/invoiceitems reads: the SDK's params with the two the fake requires made required. */
export type InvoiceItemRequest = Stripe.InvoiceItemCreateParams & { customer: string; amount: number };

/**
 * A one-off amount for a customer. With `invoice` it becomes a line on that draft invoice at once;
 * without, it stays pending (`invoice: null`) until the customer's next subscription invoice is
 * drafted (see `takePendingItems`).
 */
export function createInvoiceItem(store: Store, params: InvoiceItemRequest, now: number): Stripe.InvoiceItem {
  const customer = store.customer(params.customer);
  const invoice = params.invoice === undefined ? undefined : store.invoice(params.invoice, "invoice");
  if (invoice !== undefined) {
    if (invoice.customer !== customer.id) {
      throw invalidParam("invoice", `The invoice ${invoice.id} belongs to customer ${String(invoice.customer)}, not ${customer.id}.`);
    }
    if (invoice.status !== "draft") throw invalidRequest("Invalid invoice: This invoice is no longer editable", { code: "invoice_not_editable", param: "invoice" });
  }
  const subscription = params.subscription === undefined ? undefined : store.subscription(params.subscription, "subscription");
  if (subscription !== undefined && subscription.customer !== customer.id) {
    throw invalidParam("subscription", `The subscription ${subscription.id} does not belong to customer ${customer.id}.`);
  }
  const currency = (params.currency ?? invoice?.currency ?? customer.currency ?? undefined)?.toLowerCase();
  if (currency === undefined) throw missingParam("currency");
  if (invoice !== undefined && currency !== invoice.currency) {
    throw invalidParam("currency", `The invoice item's currency (${currency}) must match the invoice's currency (${invoice.currency}).`);
  }
  if (params.period !== undefined && params.period.end < params.period.start) {
    throw invalidParam("period[end]", "Invalid period: period[end] must not be before period[start].");
  }
  const item: Stripe.InvoiceItem = {
    id: newId("ii"),
    object: "invoiceitem",
    amount: params.amount,
    currency,
    customer: customer.id,
    customer_account: null,
    date: now,
    description: params.description ?? null,
    discountable: params.discountable ?? params.amount >= 0,
    discounts: [],
    invoice: null,
    livemode: false,
    metadata: mergeMetadata({}, params.metadata),
    parent: subscription === undefined ? null : { type: "subscription_details", subscription_details: { subscription: subscription.id } },
    period: params.period ?? { start: now, end: now },
    pricing: null,
    proration: false,
    quantity: 1,
    quantity_decimal: Stripe.Decimal.from(1),
    tax_rates: taxRateObjects(store, params.tax_rates, "tax_rates"),
    test_clock: null,
  };
  store.invoiceItems.set(item.id, item);
  if (invoice !== undefined) attachItems(invoice, [item]);
  return item;
}

/** Puts items on a draft invoice as lines, marks them as belonging to it and recomputes its totals. */
export function attachItems(invoice: Stripe.Invoice, items: readonly Stripe.InvoiceItem[]): void {
  for (const item of items) {
    item.invoice = invoice.id;
    invoice.lines.data.push(invoiceItemLine(item, invoice));
  }
  recomputeTotals(invoice);
}

/**
 * The customer's pending items that the next invoice of `subscriptionId` picks up: not yet on an
 * invoice, same currency, and either not tied to a subscription or tied to this one.
 */
export function pendingItemsFor(store: Store, customerId: string, subscriptionId: string, currency: string): Stripe.InvoiceItem[] {
  return [...store.invoiceItems.values()].filter(
    (item) =>
      item.invoice === null &&
      item.customer === customerId &&
      item.currency === currency &&
      (item.parent?.subscription_details?.subscription ?? subscriptionId) === subscriptionId,
  );
}

/** The invoice line for an item: its own tax rates, or else the invoice's default_tax_rates [V InvoiceItem.tax_rates doc]. */
function invoiceItemLine(item: Stripe.InvoiceItem, invoice: Stripe.Invoice): Stripe.InvoiceLineItem {
  const rates = item.tax_rates !== null && item.tax_rates.length > 0 ? item.tax_rates : invoice.default_tax_rates;
  const subscriptionId = item.parent?.subscription_details?.subscription ?? null;
  return {
    id: newId("il"),
    object: "line_item",
    amount: item.amount,
    currency: item.currency,
    description: item.description,
    discount_amounts: [],
    discountable: item.discountable,
    discounts: [],
    invoice: invoice.id,
    livemode: false,
    metadata: item.metadata ?? {},
    parent: {
      invoice_item_details: { invoice_item: item.id, proration: false, proration_details: { credited_items: null }, subscription: subscriptionId },
      subscription_item_details: null,
      type: "invoice_item_details",
    },
    period: { ...item.period },
    pretax_credit_amounts: [],
    pricing: null,
    quantity: item.quantity,
    quantity_decimal: item.quantity_decimal,
    subscription: subscriptionId,
    subtotal: item.amount,
    taxes: lineTaxes(item.amount, rates),
  };
}
