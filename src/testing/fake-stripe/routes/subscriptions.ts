import type Stripe from "stripe";
import { invalidParam, invalidRequest } from "../api-error";
import { mergeMetadata } from "../metadata";
import { newId } from "../object-ids";
import type { Params } from "../param-readers";
import { pathParam, route, type RouteContext } from "../router";
import { buildItem, checkCollection, checkItemsCompatible, initialStatus, taxRateObjects } from "../subscription-model";

const COLLECTION = ["charge_automatically", "send_invoice"] as const;
const PAYMENT_BEHAVIOR = ["allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete"] as const;
const PRORATION = ["always_invoice", "create_prorations", "none"] as const;

/** POST /v1/subscriptions, GET|POST|DELETE /v1/subscriptions/:id */
export const subscriptionRoutes = [
  route("POST", "/v1/subscriptions", parseCreate, (params, ctx): Stripe.Subscription => createSubscription(params, ctx)),
  route("GET", "/v1/subscriptions/:id", () => ({}), (_params, ctx): Stripe.Subscription => ctx.store.subscription(pathParam(ctx, "id"))),
  route("POST", "/v1/subscriptions/:id", parseUpdate, (params, ctx): Stripe.Subscription => updateSubscription(params, ctx)),
  route(
    "DELETE",
    "/v1/subscriptions/:id",
    (p): Stripe.SubscriptionCancelParams => ({ invoice_now: p.bool("invoice_now"), prorate: p.bool("prorate") }),
    (_params, ctx): Stripe.Subscription => {
      const subscription = ctx.store.subscription(pathParam(ctx, "id"));
      if (subscription.status === "canceled") throw invalidRequest(`The subscription ${subscription.id} is already canceled.`);
      const now = ctx.now();
      subscription.status = "canceled";
      subscription.canceled_at = now;
      subscription.ended_at = now;
      subscription.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason: "cancellation_requested" };
      return subscription;
    },
  ),
];

function readItems(p: Params) {
  return p.objects("items")?.map((item) => ({
    id: item.string("id"),
    deleted: item.bool("deleted"),
    price: item.string("price"),
    quantity: item.int("quantity"),
    metadata: item.metadata(),
    tax_rates: item.strings("tax_rates"),
  }));
}

function parseCreate(p: Params): Stripe.SubscriptionCreateParams {
  if (p.has("items") && p.objects("items")?.some((item) => item.has("price_data"))) {
    throw invalidParam("items", "This fake Stripe does not support items[][price_data]; create the price first and pass items[][price].");
  }
  return {
    customer: p.requiredString("customer"),
    items: readItems(p)?.map(({ price, quantity, metadata, tax_rates }) => ({ price, quantity, metadata: metadata || undefined, tax_rates })),
    cancel_at_period_end: p.bool("cancel_at_period_end"),
    collection_method: p.oneOf("collection_method", COLLECTION),
    days_until_due: p.int("days_until_due"),
    default_payment_method: p.string("default_payment_method"),
    default_tax_rates: p.strings("default_tax_rates"),
    description: p.string("description"),
    metadata: p.metadata(),
    payment_behavior: p.oneOf("payment_behavior", PAYMENT_BEHAVIOR),
    proration_behavior: p.oneOf("proration_behavior", PRORATION),
  };
}

function parseUpdate(p: Params): Stripe.SubscriptionUpdateParams {
  return {
    items: readItems(p),
    cancel_at_period_end: p.bool("cancel_at_period_end"),
    collection_method: p.oneOf("collection_method", COLLECTION),
    days_until_due: p.int("days_until_due"),
    default_payment_method: p.string("default_payment_method"),
    default_tax_rates: p.strings("default_tax_rates"),
    description: p.string("description"),
    metadata: p.metadata(),
    payment_behavior: p.oneOf("payment_behavior", PAYMENT_BEHAVIOR),
    proration_behavior: p.oneOf("proration_behavior", PRORATION),
  };
}

function createSubscription(params: Stripe.SubscriptionCreateParams, ctx: RouteContext): Stripe.Subscription {
  const customerId = params.customer ?? "";
  const customer = ctx.store.customer(customerId);
  const now = ctx.now();
  const id = newId("sub");
  if (params.items === undefined || params.items.length === 0) throw invalidParam("items", "Missing required param: items (at least one item with a price).");
  const items = params.items.map((item, index) => {
    if (item.price === undefined) throw invalidParam(`items[${index}][price]`, `Missing required param: items[${index}][price].`);
    return buildItem(ctx.store, { ...item, price: item.price }, id, now, now, `items[${index}]`);
  });
  checkItemsCompatible(items);
  const collectionMethod = params.collection_method ?? "charge_automatically";
  checkCollection(collectionMethod, params.days_until_due ?? null);
  const subscription: Stripe.Subscription = {
    id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: { proration_discounts: "included" }, type: "flexible", updated_at: now },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: params.cancel_at_period_end ?? false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: collectionMethod,
    created: now,
    currency: items[0]?.price.currency ?? "gbp",
    customer: customer.id,
    customer_account: null,
    days_until_due: params.days_until_due ?? null,
    default_payment_method: params.default_payment_method ?? null,
    default_source: null,
    default_tax_rates: taxRateObjects(ctx.store, params.default_tax_rates, "default_tax_rates"),
    description: params.description ?? null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: "self" } },
    items: { object: "list", data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: mergeMetadata({}, params.metadata),
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: "incomplete",
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" } },
    trial_start: null,
  };
  subscription.status = initialStatus(subscription, customer, params.payment_behavior ?? "allow_incomplete");
  ctx.store.subscriptions.set(id, subscription);
  for (const item of items) ctx.store.subscriptionItemOwners.set(item.id, id);
  return subscription;
}

function updateSubscription(params: Stripe.SubscriptionUpdateParams, ctx: RouteContext): Stripe.Subscription {
  const subscription = ctx.store.subscription(pathParam(ctx, "id"));
  if (subscription.status === "canceled") {
    throw invalidRequest(`A canceled subscription can only update its cancellation_details and metadata (${subscription.id}).`);
  }
  const now = ctx.now();
  const items = [...subscription.items.data];
  params.items?.forEach((change, index) => {
    const param = `items[${index}]`;
    if (change.id === undefined) {
      if (change.price === undefined) throw invalidParam(`${param}[price]`, `Each new item needs ${param}[price]; to change an existing item pass ${param}[id].`);
      const periodStart = items[0]?.current_period_start ?? now;
      items.push(buildItem(ctx.store, { ...change, price: change.price }, subscription.id, periodStart, now, param));
      return;
    }
    const position = items.findIndex((item) => item.id === change.id);
    const existing = items[position];
    if (existing === undefined) throw invalidParam(`${param}[id]`, `No such subscription item on ${subscription.id}: '${change.id}'`);
    if (change.deleted) {
      items.splice(position, 1);
      return;
    }
    const replacement = buildItem(
      ctx.store,
      { price: change.price ?? existing.price.id, quantity: change.quantity ?? existing.quantity, metadata: change.metadata, tax_rates: change.tax_rates },
      subscription.id,
      existing.current_period_start,
      existing.created,
      param,
    );
    items[position] = {
      ...replacement,
      id: existing.id,
      current_period_end: existing.current_period_end,
      metadata: change.metadata === undefined ? existing.metadata : mergeMetadata(existing.metadata, change.metadata),
      tax_rates: change.tax_rates === undefined ? existing.tax_rates : replacement.tax_rates,
    };
  });
  checkItemsCompatible(items);
  const collectionMethod = params.collection_method ?? subscription.collection_method;
  const daysUntilDue = params.days_until_due ?? (collectionMethod === "send_invoice" ? subscription.days_until_due : null);
  checkCollection(collectionMethod, daysUntilDue);

  for (const item of subscription.items.data) ctx.store.subscriptionItemOwners.delete(item.id);
  for (const item of items) ctx.store.subscriptionItemOwners.set(item.id, subscription.id);
  subscription.items = { ...subscription.items, data: items };
  subscription.collection_method = collectionMethod;
  subscription.days_until_due = daysUntilDue;
  if (params.cancel_at_period_end !== undefined) subscription.cancel_at_period_end = params.cancel_at_period_end;
  if (params.default_payment_method !== undefined) subscription.default_payment_method = params.default_payment_method;
  if (params.default_tax_rates !== undefined) subscription.default_tax_rates = taxRateObjects(ctx.store, params.default_tax_rates, "default_tax_rates");
  if (params.description !== undefined) subscription.description = params.description === "" ? null : params.description;
  subscription.metadata = mergeMetadata(subscription.metadata, params.metadata);
  return subscription;
}
