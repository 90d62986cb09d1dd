import type Stripe from "stripe";
import { invalidRequest } from "../api-error";
import { listPage, newestFirst, readPagination } from "../list";
import { newId } from "../object-ids";
import type { Params } from "../param-readers";
import { route, type RouteContext } from "../router";

/** POST /v1/products, GET /v1/products */
export const productRoutes = [
  route("POST", "/v1/products", parseCreate, (params, ctx): Stripe.Product => createProduct(params, ctx)),
  route(
    "GET",
    "/v1/products",
    (p): Stripe.ProductListParams => ({ ...readPagination(p), active: p.bool("active"), ids: p.strings("ids") }),
    (params, ctx): Stripe.ApiList<Stripe.Product> => {
      const matches = newestFirst(ctx.store.products.values()).filter(
        (product) => (params.active === undefined || product.active === params.active) && (params.ids === undefined || params.ids.includes(product.id)),
      );
      return listPage(matches, params, ctx.path);
    },
  ),
];

function parseCreate(p: Params): Stripe.ProductCreateParams {
  return {
    name: p.requiredString("name"),
    active: p.bool("active"),
    description: p.string("description"),
    id: p.string("id"),
    metadata: p.metadata() || undefined,
    statement_descriptor: p.string("statement_descriptor"),
    tax_code: p.string("tax_code"),
    unit_label: p.string("unit_label"),
  };
}

/** Also used by `prices.create` with `product_data`. */
export function createProduct(params: Stripe.ProductCreateParams, ctx: RouteContext): Stripe.Product {
  const id = params.id ?? newId("prod");
  if (ctx.store.products.has(id)) throw invalidRequest(`Product already exists.`, { code: "resource_already_exists", param: "id" });
  const now = ctx.now();
  const product: Stripe.Product = {
    id,
    object: "product",
    active: params.active ?? true,
    created: now,
    default_price: null,
    description: params.description ?? null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: Object.fromEntries(Object.entries(params.metadata ?? {}).map(([k, v]) => [k, String(v)])),
    name: params.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: params.statement_descriptor ?? null,
    tax_code: params.tax_code ?? null,
    tax_details: null,
    type: "service",
    unit_label: params.unit_label ?? null,
    updated: now,
    url: null,
  };
  ctx.store.products.set(id, product);
  return product;
}
