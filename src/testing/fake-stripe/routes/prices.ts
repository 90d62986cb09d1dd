import Stripe from "stripe";
import { invalidParam, invalidRequest } from "../api-error";
import { listPage, newestFirst, readPagination } from "../list";
import { mergeMetadata } from "../metadata";
import { newId } from "../object-ids";
import type { Params } from "../param-readers";
import { pathParam, route, type RouteContext } from "../router";
import { createProduct } from "./products";

/** POST /v1/prices, GET /v1/prices (incl. lookup_keys[]), GET /v1/prices/:id */
export const priceRoutes = [
  route("POST", "/v1/prices", parseCreate, (params, ctx): Stripe.Price => createPrice(params, ctx)),
  route("GET", "/v1/prices", parseList, (params, ctx): Stripe.ApiList<Stripe.Price> => {
    const matches = newestFirst(ctx.store.prices.values()).filter(
      (price) =>
        price.active === (params.active ?? true) &&
        (params.currency === undefined || price.currency === params.currency) &&
        (params.product === undefined || price.product === params.product) &&
        (params.type === undefined || price.type === params.type) &&
        (params.lookup_keys === undefined || (price.lookup_key !== null && params.lookup_keys.includes(price.lookup_key))),
    );
    return listPage(matches, params, ctx.path);
  }),
  route("GET", "/v1/prices/:id", () => ({}), (_params, ctx): Stripe.Price => ctx.store.price(pathParam(ctx, "id"), "id")),
];

function parseList(p: Params): Stripe.PriceListParams {
  const lookupKeys = p.strings("lookup_keys");
  if (lookupKeys !== undefined && lookupKeys.length > 10) throw invalidParam("lookup_keys", "Invalid lookup_keys: at most 10 lookup keys per request.");
  return {
    ...readPagination(p),
    active: p.bool("active"),
    currency: p.string("currency"),
    lookup_keys: lookupKeys,
    product: p.string("product"),
    type: p.oneOf("type", ["one_time", "recurring"] as const),
  };
}

function parseCreate(p: Params): Stripe.PriceCreateParams {
  const recurring = p.object("recurring");
  const productData = p.object("product_data");
  const transform = p.object("transform_quantity");
  return {
    currency: p.requiredString("currency"),
    active: p.bool("active"),
    billing_scheme: p.oneOf("billing_scheme", ["per_unit", "tiered"] as const),
    lookup_key: p.string("lookup_key"),
    metadata: p.metadata() || undefined,
    nickname: p.string("nickname"),
    product: p.string("product"),
    product_data: productData && { name: productData.requiredString("name"), id: productData.string("id"), metadata: productData.metadata() || undefined },
    recurring: recurring && {
      interval: recurring.requiredOneOf("interval", ["day", "week", "month", "year"] as const),
      interval_count: recurring.int("interval_count"),
      meter: recurring.string("meter"),
      usage_type: recurring.oneOf("usage_type", ["licensed", "metered"] as const),
    },
    tax_behavior: p.oneOf("tax_behavior", ["exclusive", "inclusive", "unspecified"] as const),
    tiers: p.objects("tiers")?.map((tier) => ({
      up_to: tier.string("up_to") === "inf" ? "inf" : tier.requiredInt("up_to"),
      flat_amount: tier.int("flat_amount"),
      flat_amount_decimal: tier.decimal("flat_amount_decimal"),
      unit_amount: tier.int("unit_amount"),
      unit_amount_decimal: tier.decimal("unit_amount_decimal"),
    })),
    tiers_mode: p.oneOf("tiers_mode", ["graduated", "volume"] as const),
    transfer_lookup_key: p.bool("transfer_lookup_key"),
    transform_quantity: transform && { divide_by: transform.requiredInt("divide_by"), round: transform.requiredOneOf("round", ["up", "down"] as const) },
    unit_amount: p.int("unit_amount"),
    unit_amount_decimal: p.decimal("unit_amount_decimal"),
  };
}

function createPrice(params: Stripe.PriceCreateParams, ctx: RouteContext): Stripe.Price {
  if (!/^[a-z]{3}$/.test(params.currency)) throw invalidParam("currency", `Invalid currency: ${params.currency} (use a lowercase ISO code such as gbp).`);
  if ((params.product === undefined) === (params.product_data === undefined)) {
    throw invalidRequest("You must specify exactly one of product or product_data.", { param: "product" });
  }
  if (params.product !== undefined && !ctx.store.products.has(params.product)) throw invalidParam("product", `No such product: '${params.product}'`);
  const recurring = checkRecurring(params, ctx);
  const scheme = params.billing_scheme ?? "per_unit";
  const amount = checkAmounts(params, scheme, recurring);
  if (params.lookup_key !== undefined) claimLookupKey(params.lookup_key, params.transfer_lookup_key ?? false, ctx);
  const product = params.product ?? createProduct(params.product_data ?? { name: "" }, ctx).id;
  const price: Stripe.Price = {
    id: newId("price"),
    object: "price",
    active: params.active ?? true,
    billing_scheme: scheme,
    created: ctx.now(),
    currency: params.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: params.lookup_key ?? null,
    metadata: mergeMetadata({}, params.metadata),
    nickname: params.nickname ?? null,
    product,
    recurring,
    tax_behavior: params.tax_behavior ?? "unspecified",
    tiers: params.tiers?.map((tier) => ({
      flat_amount: tier.flat_amount ?? null,
      flat_amount_decimal: tier.flat_amount_decimal ?? (tier.flat_amount === undefined ? null : Stripe.Decimal.from(tier.flat_amount)),
      unit_amount: tier.unit_amount ?? null,
      unit_amount_decimal: tier.unit_amount_decimal ?? (tier.unit_amount === undefined ? null : Stripe.Decimal.from(tier.unit_amount)),
      up_to: tier.up_to === "inf" ? null : tier.up_to,
    })),
    tiers_mode: params.tiers_mode ?? null,
    transform_quantity: params.transform_quantity ? { divide_by: params.transform_quantity.divide_by, round: params.transform_quantity.round } : null,
    type: recurring ? "recurring" : "one_time",
    unit_amount: amount.unitAmount,
    unit_amount_decimal: amount.unitAmountDecimal,
  };
  ctx.store.prices.set(price.id, price);
  return price;
}

function checkRecurring(params: Stripe.PriceCreateParams, ctx: RouteContext): Stripe.Price.Recurring | null {
  const recurring = params.recurring;
  if (recurring === undefined) return null;
  const usageType = recurring.usage_type ?? "licensed";
  if (usageType === "metered") {
    if (recurring.meter === undefined) {
      throw invalidParam("recurring[meter]", "Metered prices must reference a meter: pass recurring[meter] (usage records were removed in API 2025-03-31.basil).");
    }
    const meter = ctx.store.meter(recurring.meter, "recurring[meter]");
    if (meter.status !== "active") throw invalidParam("recurring[meter]", `Meter ${meter.id} is inactive and cannot be attached to a price.`);
  } else if (recurring.meter !== undefined) {
    throw invalidParam("recurring[meter]", "recurring[meter] is only allowed when recurring[usage_type] is metered.");
  }
  return {
    interval: recurring.interval,
    interval_count: recurring.interval_count ?? 1,
    meter: recurring.meter ?? null,
    trial_period_days: null,
    usage_type: usageType,
  };
}

function checkAmounts(params: Stripe.PriceCreateParams, scheme: string, recurring: Stripe.Price.Recurring | null) {
  if (scheme === "tiered") {
    if (params.tiers === undefined || params.tiers.length === 0) throw invalidParam("tiers", "Tiered prices need tiers.");
    if (params.tiers_mode === undefined) throw invalidParam("tiers_mode", "Tiered prices need tiers_mode (graduated or volume).");
    if (recurring === null) throw invalidParam("tiers", "Tiers are only supported on recurring prices.");
    if (params.transform_quantity !== undefined) throw invalidParam("transform_quantity", "transform_quantity cannot be combined with tiers.");
    if (params.tiers[params.tiers.length - 1]?.up_to !== "inf") throw invalidParam("tiers", "The last tier must have up_to: 'inf'.");
    if (params.unit_amount !== undefined || params.unit_amount_decimal !== undefined) {
      throw invalidParam("unit_amount", "unit_amount is not allowed with billing_scheme=tiered; put amounts on the tiers.");
    }
    return { unitAmount: null, unitAmountDecimal: null };
  }
  if (params.tiers !== undefined) throw invalidParam("tiers", "tiers need billing_scheme=tiered.");
  if ((params.unit_amount === undefined) === (params.unit_amount_decimal === undefined)) {
    throw invalidRequest("You must pass exactly one of unit_amount or unit_amount_decimal.", { param: "unit_amount" });
  }
  if (params.unit_amount !== undefined) {
    if (params.unit_amount < 0) throw invalidParam("unit_amount", "Invalid unit_amount: must be at least 0.");
    return { unitAmount: params.unit_amount, unitAmountDecimal: Stripe.Decimal.from(params.unit_amount) };
  }
  const decimal = params.unit_amount_decimal ?? Stripe.Decimal.zero;
  if (decimal.isNegative()) throw invalidParam("unit_amount_decimal", "Invalid unit_amount_decimal: must be at least 0.");
  const whole = decimal.round("floor", { mode: "decimal-places", value: 0 });
  return { unitAmount: whole.eq(decimal) ? whole.toNumber() : null, unitAmountDecimal: decimal };
}

function claimLookupKey(lookupKey: string, transfer: boolean, ctx: RouteContext): void {
  const holder = [...ctx.store.prices.values()].find((price) => price.lookup_key === lookupKey);
  if (holder === undefined) return;
  if (!transfer) {
    throw invalidRequest(`A price (\`${holder.id}\`) already uses that lookup key. Pass transfer_lookup_key=true to move it.`, { param: "lookup_key" });
  }
  holder.lookup_key = null;
}
