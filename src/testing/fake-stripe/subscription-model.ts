import type Stripe from "stripe";
import { invalidParam, invalidRequest } from "./api-error";
import { addInterval } from "./billing-period";
import { mergeMetadata } from "./metadata";
import { newId } from "./object-ids";
import { priceAmount } from "./price-amount";
import type { Store } from "./store";

/** What a new or updated subscription item asks for, after params are read. */
export interface ItemRequest {
  price: string;
  quantity?: number;
  metadata?: Stripe.Emptyable<Stripe.MetadataParam>;
  tax_rates?: Stripe.Emptyable<string[]>;
}

export function buildItem(store: Store, request: ItemRequest, subscriptionId: string, periodStart: number, now: number, prefix: string): Stripe.SubscriptionItem {
  const param = (key: string) => (prefix === "" ? key : `${prefix}[${key}]`);
  const price = store.price(request.price, param("price"));
  if (!price.active) throw invalidParam(param("price"), `The price ${price.id} is not active and cannot be used in new subscription items.`);
  if (price.recurring === null) throw invalidParam(param("price"), `The price ${price.id} is a one-time price; subscription items need a recurring price.`);
  const metered = price.recurring.usage_type === "metered";
  if (metered && request.quantity !== undefined) {
    throw invalidParam(param("quantity"), `Quantity must not be set for a metered price (${price.id}); usage comes from its meter.`);
  }
  if (request.quantity !== undefined && request.quantity < 0) throw invalidParam(param("quantity"), "Invalid quantity: must be at least 0.");
  return {
    id: newId("si"),
    object: "subscription_item",
    billing_thresholds: null,
    created: now,
    current_period_end: addInterval(periodStart, price.recurring),
    current_period_start: periodStart,
    current_trial: null,
    discounts: [],
    metadata: mergeMetadata({}, request.metadata),
    plan: planFromPrice(price),
    price,
    quantity: metered ? undefined : (request.quantity ?? 1),
    subscription: subscriptionId,
    tax_rates: taxRateObjects(store, request.tax_rates, param("tax_rates")),
  };
}

export function taxRateObjects(store: Store, ids: Stripe.Emptyable<string[]> | undefined, param: string): Stripe.TaxRate[] {
  if (ids === undefined || ids === null || ids === "") return [];
  return ids.map((id, index) => store.taxRate(id, `${param}[${index}]`));
}

/** The legacy `plan` view Stripe still returns on every subscription item. */
export function planFromPrice(price: Stripe.Price): Stripe.Plan {
  const recurring = price.recurring ?? { interval: "month", interval_count: 1, meter: null, trial_period_days: null, usage_type: "licensed" };
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: recurring.interval,
    interval_count: recurring.interval_count,
    livemode: false,
    metadata: price.metadata,
    meter: recurring.meter,
    nickname: price.nickname,
    product: price.product,
    tiers: price.tiers,
    tiers_mode: price.tiers_mode,
    transform_usage: price.transform_quantity,
    trial_period_days: recurring.trial_period_days,
    usage_type: recurring.usage_type,
  };
}

/** Stripe requires one currency and one billing interval across a subscription's items. */
export function checkItemsCompatible(items: Stripe.SubscriptionItem[]): void {
  const first = items[0];
  if (first === undefined) throw invalidParam("items", "A subscription needs at least one item.");
  const prices = new Set<string>();
  for (const item of items) {
    if (prices.has(item.price.id)) throw invalidParam("items", `Cannot add multiple subscription items with the same price (${item.price.id}).`);
    prices.add(item.price.id);
    const a = item.price.recurring;
    const b = first.price.recurring;
    if (item.price.currency !== first.price.currency || a?.interval !== b?.interval || a?.interval_count !== b?.interval_count) {
      throw invalidParam("items", "Currency and interval fields must match across all prices on a subscription.");
    }
  }
}

export function checkCollection(method: string, daysUntilDue: number | null): void {
  if (method === "send_invoice" && daysUntilDue === null) {
    throw invalidParam("days_until_due", "days_until_due is required when collection_method is send_invoice.");
  }
  if (method === "charge_automatically" && daysUntilDue !== null) {
    throw invalidParam("days_until_due", "days_until_due can only be set when collection_method is send_invoice.");
  }
}

/**
 * The status a new subscription gets. The fake does not issue a first invoice, so it decides from
 * whether that invoice would need a payment: licensed items with a non-zero amount, charged
 * automatically, need a payment method (subscription's or customer's invoice default).
 */
export function initialStatus(subscription: Stripe.Subscription, customer: Stripe.Customer, paymentBehavior: string): Stripe.Subscription.Status {
  if (subscription.collection_method === "send_invoice") return "active";
  const needsPayment = subscription.items.data.some((item) => item.price.recurring?.usage_type !== "metered" && priceAmount(item.price, item.quantity ?? 0) > 0);
  if (!needsPayment) return "active";
  if (paymentBehavior === "default_incomplete") return "incomplete";
  const hasPaymentMethod = subscription.default_payment_method !== null || customer.invoice_settings.default_payment_method !== null;
  if (hasPaymentMethod) return "active";
  if (paymentBehavior === "error_if_incomplete") {
    throw invalidRequest("This customer has no attached payment source or default payment method.", { code: "resource_missing", param: "default_payment_method" });
  }
  return "incomplete";
}
