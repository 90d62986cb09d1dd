import type Stripe from "stripe";
import { invalidParam } from "../api-error";
import { listPage, readPagination } from "../list";
import { mergeMetadata } from "../metadata";
import { pathParam, route } from "../router";
import { buildItem, taxRateObjects } from "../subscription-model";

/** POST /v1/subscription_items/:id (quantity, price, metadata, tax_rates), GET /v1/subscription_items?subscription= */
export const subscriptionItemRoutes = [
  route(
    "POST",
    "/v1/subscription_items/:id",
    (p): Stripe.SubscriptionItemUpdateParams => ({
      quantity: p.int("quantity"),
      price: p.string("price"),
      metadata: p.metadata(),
      tax_rates: p.strings("tax_rates"),
      proration_behavior: p.oneOf("proration_behavior", ["always_invoice", "create_prorations", "none"] as const),
    }),
    (params, ctx): Stripe.SubscriptionItem => {
      const { subscription, item } = ctx.store.subscriptionItem(pathParam(ctx, "id"));
      if (subscription.status === "canceled") throw invalidParam("id", `The subscription ${subscription.id} is canceled; its items cannot change.`);
      const updated = buildItem(
        ctx.store,
        { price: params.price ?? item.price.id, quantity: params.quantity ?? item.quantity },
        subscription.id,
        item.current_period_start,
        item.created,
        "",
      );
      item.price = updated.price;
      item.plan = updated.plan;
      item.quantity = updated.quantity;
      item.metadata = mergeMetadata(item.metadata, params.metadata);
      if (params.tax_rates !== undefined) item.tax_rates = taxRateObjects(ctx.store, params.tax_rates, "tax_rates");
      return item;
    },
  ),
  route(
    "GET",
    "/v1/subscription_items",
    (p): Stripe.SubscriptionItemListParams => ({ ...readPagination(p), subscription: p.requiredString("subscription") }),
    (params, ctx): Stripe.ApiList<Stripe.SubscriptionItem> => listPage(ctx.store.subscription(params.subscription, "subscription").items.data, params, ctx.path),
  ),
];
