import type Stripe from "stripe";
import { invalidParam } from "../api-error";
import { listPage, newestFirst, readPagination } from "../list";
import { mergeMetadata } from "../metadata";
import { newId } from "../object-ids";
import type { Params } from "../param-readers";
import { route } from "../router";

/** POST /v1/tax_rates, GET /v1/tax_rates */
export const taxRateRoutes = [
  route("POST", "/v1/tax_rates", parseCreate, (params, ctx): Stripe.TaxRate => {
    if (params.percentage < 0 || params.percentage > 100) throw invalidParam("percentage", "Invalid percentage: must be between 0 and 100.");
    const taxRate: Stripe.TaxRate = {
      id: newId("txr"),
      object: "tax_rate",
      active: params.active ?? true,
      country: params.country ?? null,
      created: ctx.now(),
      description: params.description ?? null,
      display_name: params.display_name,
      effective_percentage: params.percentage,
      flat_amount: null,
      inclusive: params.inclusive,
      jurisdiction: params.jurisdiction ?? null,
      jurisdiction_level: null,
      livemode: false,
      metadata: mergeMetadata({}, params.metadata),
      percentage: params.percentage,
      rate_type: "percentage",
      state: params.state ?? null,
      tax_type: params.tax_type ?? null,
    };
    ctx.store.taxRates.set(taxRate.id, taxRate);
    return taxRate;
  }),
  route(
    "GET",
    "/v1/tax_rates",
    (p): Stripe.TaxRateListParams => ({ ...readPagination(p), active: p.bool("active"), inclusive: p.bool("inclusive") }),
    (params, ctx): Stripe.ApiList<Stripe.TaxRate> => {
      const matches = newestFirst(ctx.store.taxRates.values()).filter(
        (rate) => (params.active === undefined || rate.active === params.active) && (params.inclusive === undefined || rate.inclusive === params.inclusive),
      );
      return listPage(matches, params, ctx.path);
    },
  ),
];

function parseCreate(p: Params): Stripe.TaxRateCreateParams {
  return {
    display_name: p.requiredString("display_name"),
    inclusive: p.requiredBool("inclusive"),
    percentage: p.requiredNumber("percentage"),
    active: p.bool("active"),
    country: p.string("country"),
    description: p.string("description"),
    jurisdiction: p.string("jurisdiction"),
    metadata: p.metadata() || undefined,
    state: p.string("state"),
    tax_type: p.string("tax_type"),
  };
}
