import type Stripe from "stripe";
import { invalidParam, invalidRequest } from "../api-error";
import { listPage, newestFirst, readPagination } from "../list";
import { summarize } from "../metering";
import { newId } from "../object-ids";
import type { Params } from "../param-readers";
import { pathParam, route } from "../router";

const FORMULAS = ["count", "last", "sum"] as const;
const WINDOWS = ["hour", "day"] as const;

/** POST/GET /v1/billing/meters, GET /v1/billing/meters/:id, GET /v1/billing/meters/:id/event_summaries */
export const meterRoutes = [
  route("POST", "/v1/billing/meters", parseCreate, (params, ctx): Stripe.Billing.Meter => {
    if (ctx.store.meterByEventName(params.event_name) !== undefined) {
      throw invalidRequest(`A meter with event_name '${params.event_name}' already exists; one event_name maps to one meter.`, { param: "event_name" });
    }
    const now = ctx.now();
    const meter: Stripe.Billing.Meter = {
      id: newId("mtr"),
      object: "billing.meter",
      created: now,
      customer_mapping: { event_payload_key: params.customer_mapping?.event_payload_key ?? "stripe_customer_id", type: "by_id" },
      default_aggregation: { formula: params.default_aggregation.formula },
      display_name: params.display_name,
      event_name: params.event_name,
      event_time_window: params.event_time_window ?? null,
      livemode: false,
      status: "active",
      status_transitions: { deactivated_at: null },
      updated: now,
      value_settings: { event_payload_key: params.value_settings?.event_payload_key ?? "value" },
    };
    ctx.store.meters.set(meter.id, meter);
    return meter;
  }),
  route(
    "GET",
    "/v1/billing/meters",
    (p): Stripe.Billing.MeterListParams => ({ ...readPagination(p), status: p.oneOf("status", ["active", "inactive"] as const) }),
    (params, ctx): Stripe.ApiList<Stripe.Billing.Meter> =>
      listPage(
        newestFirst(ctx.store.meters.values()).filter((meter) => params.status === undefined || meter.status === params.status),
        params,
        ctx.path,
      ),
  ),
  route("GET", "/v1/billing/meters/:id", () => ({}), (_params, ctx): Stripe.Billing.Meter => ctx.store.meter(pathParam(ctx, "id"))),
  route("GET", "/v1/billing/meters/:id/event_summaries", parseSummaries, (params, ctx): Stripe.ApiList<Stripe.Billing.MeterEventSummary> => {
    const meter = ctx.store.meter(pathParam(ctx, "id"));
    checkAlignment(params);
    ctx.store.customer(params.customer);
    const summaries = summarize(ctx.store, meter, params.customer, params.start_time, params.end_time, params.value_grouping_window).map(
      (window): Stripe.Billing.MeterEventSummary => ({
        id: `mtrusg_${meter.id.slice(4)}_${params.customer.slice(4)}_${window.start}`,
        object: "billing.meter_event_summary",
        aggregated_value: window.value,
        end_time: window.end,
        livemode: false,
        meter: meter.id,
        start_time: window.start,
      }),
    );
    return listPage(summaries, params, ctx.path);
  }),
];

function parseCreate(p: Params): Stripe.Billing.MeterCreateParams {
  const mapping = p.object("customer_mapping");
  const valueSettings = p.object("value_settings");
  return {
    default_aggregation: { formula: p.requiredObject("default_aggregation").requiredOneOf("formula", FORMULAS) },
    display_name: p.requiredString("display_name"),
    event_name: p.requiredString("event_name"),
    customer_mapping: mapping && { event_payload_key: mapping.requiredString("event_payload_key"), type: mapping.requiredOneOf("type", ["by_id"] as const) },
    event_time_window: p.oneOf("event_time_window", WINDOWS),
    value_settings: valueSettings && { event_payload_key: valueSettings.requiredString("event_payload_key") },
  };
}

function parseSummaries(p: Params): Stripe.Billing.MeterListEventSummariesParams {
  return {
    ...readPagination(p),
    customer: p.requiredString("customer"),
    start_time: p.requiredInt("start_time"),
    end_time: p.requiredInt("end_time"),
    value_grouping_window: p.oneOf("value_grouping_window", WINDOWS),
  };
}

/** Times must sit on minute boundaries, or hour/day boundaries when grouping by hour/day. */
function checkAlignment(params: Stripe.Billing.MeterListEventSummariesParams): void {
  if (params.start_time >= params.end_time) throw invalidParam("end_time", "end_time must be after start_time.");
  const unit = params.value_grouping_window === "day" ? 86400 : params.value_grouping_window === "hour" ? 3600 : 60;
  const name = unit === 60 ? "minute" : (params.value_grouping_window ?? "minute");
  for (const key of ["start_time", "end_time"] as const) {
    if (params[key] % unit !== 0) throw invalidParam(key, `${key} must be aligned to a ${name} boundary (a multiple of ${unit} seconds), got ${params[key]}.`);
  }
}
