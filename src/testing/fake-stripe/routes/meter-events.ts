import type Stripe from "stripe";
import { invalidParam, invalidRequest } from "../api-error";
import { newId } from "../object-ids";
import type { Params } from "../param-readers";
import { route, type RouteContext } from "../router";
import type { StoredMeterEvent } from "../store";

const DAY = 86400;
/** "Must be within the past 35 calendar days or up to 5 minutes in the future" (SDK doc comment). */
const MAX_AGE_SECONDS = 35 * DAY;
const MAX_FUTURE_SECONDS = 5 * 60;
/** Identifiers are unique "within a rolling period of at least 24 hours"; the fake enforces exactly 24 h. */
const IDENTIFIER_WINDOW_SECONDS = DAY;
const CANCEL_WINDOW_SECONDS = DAY;

/** POST /v1/billing/meter_events, POST /v1/billing/meter_event_adjustments */
export const meterEventRoutes = [
  route("POST", "/v1/billing/meter_events", parseEvent, (params, ctx): Stripe.Billing.MeterEvent => recordMeterEvent(params, ctx)),
  route("POST", "/v1/billing/meter_event_adjustments", parseAdjustment, (params, ctx): Stripe.Billing.MeterEventAdjustment => {
    const identifier = params.cancel?.identifier;
    if (identifier === undefined) throw invalidParam("cancel[identifier]", "Missing required param: cancel[identifier].");
    const now = ctx.now();
    const target = ctx.store.meterEvents.find((e) => e.event.identifier === identifier && e.event.event_name === params.event_name);
    if (target === undefined) {
      throw invalidParam("cancel[identifier]", `No meter event with identifier '${identifier}' and event_name '${params.event_name}' was found.`);
    }
    if (target.canceledAt !== null) throw invalidParam("cancel[identifier]", `The meter event with identifier '${identifier}' is already cancelled.`);
    if (now - target.receivedAt > CANCEL_WINDOW_SECONDS) {
      throw invalidParam("cancel[identifier]", `Meter events can only be cancelled within 24 hours of Stripe receiving them; '${identifier}' was received at ${target.receivedAt}.`);
    }
    target.canceledAt = now;
    const adjustment: Stripe.Billing.MeterEventAdjustment = {
      object: "billing.meter_event_adjustment",
      cancel: { identifier },
      event_name: params.event_name,
      livemode: false,
      status: "pending",
      type: "cancel",
    };
    ctx.store.meterEventAdjustments.push(adjustment);
    return adjustment;
  }),
];

function parseEvent(p: Params): Stripe.Billing.MeterEventCreateParams {
  const payload = p.stringMap("payload");
  if (payload === undefined) throw invalidParam("payload", "Missing required param: payload.");
  return { event_name: p.requiredString("event_name"), payload, identifier: p.string("identifier"), timestamp: p.int("timestamp") };
}

function parseAdjustment(p: Params): Stripe.Billing.MeterEventAdjustmentCreateParams {
  const cancel = p.object("cancel");
  return { event_name: p.requiredString("event_name"), type: p.requiredOneOf("type", ["cancel"] as const), cancel: cancel && { identifier: cancel.string("identifier") } };
}

function recordMeterEvent(params: Stripe.Billing.MeterEventCreateParams, ctx: RouteContext): Stripe.Billing.MeterEvent {
  const now = ctx.now();
  const timestamp = params.timestamp ?? now;
  if (timestamp < now - MAX_AGE_SECONDS) {
    throw invalidParam("timestamp", `Timestamp ${timestamp} is too far in the past: meter events must be within the past 35 days (not before ${now - MAX_AGE_SECONDS}).`);
  }
  if (timestamp > now + MAX_FUTURE_SECONDS) {
    throw invalidParam("timestamp", `Timestamp ${timestamp} is too far in the future: meter events may be at most 5 minutes ahead (not after ${now + MAX_FUTURE_SECONDS}).`);
  }
  const identifier = params.identifier ?? newId("mevt", 20);
  const duplicate = ctx.store.meterEvents.find((e) => e.event.identifier === identifier && now - e.receivedAt < IDENTIFIER_WINDOW_SECONDS);
  if (duplicate !== undefined) {
    throw invalidRequest(`An event already exists with identifier ${identifier}.`, {
      code: "resource_already_exists",
      param: "identifier",
      headers: { "stripe-should-retry": "false" },
    });
  }
  const meter = ctx.store.meterByEventName(params.event_name);
  const customerKey = meter?.customer_mapping.event_payload_key ?? "stripe_customer_id";
  const customerId = params.payload[customerKey];
  if (meter !== undefined && (customerId === undefined || customerId === "")) {
    throw invalidParam(`payload[${customerKey}]`, `Missing customer mapping: meter '${meter.id}' maps customers by payload[${customerKey}], which this event lacks.`);
  }
  const rawValue = meter?.default_aggregation.formula === "count" ? "1" : params.payload[meter?.value_settings.event_payload_key ?? "value"];
  if (rawValue !== undefined && significantDigits(rawValue) > 15) {
    throw invalidParam("payload", `Meter event value ${rawValue} has more than 15 significant digits.`);
  }
  const value = rawValue === undefined || rawValue.trim() === "" ? NaN : Number(rawValue);
  const event: Stripe.Billing.MeterEvent = {
    object: "billing.meter_event",
    created: now,
    event_name: params.event_name,
    identifier,
    livemode: false,
    payload: params.payload,
    timestamp,
  };
  const stored: StoredMeterEvent = {
    event,
    meterId: meter?.id ?? null,
    customerId: customerId ?? null,
    value: Number.isFinite(value) ? value : 0,
    receivedAt: now,
    seq: ctx.store.meterEvents.length,
    canceledAt: null,
    asyncError: asyncError(meter, customerId, value, ctx),
  };
  ctx.store.meterEvents.push(stored);
  return event;
}

/** Problems real Stripe reports later in a meter error report rather than with a 400. */
function asyncError(meter: Stripe.Billing.Meter | undefined, customerId: string | undefined, value: number, ctx: RouteContext): StoredMeterEvent["asyncError"] {
  if (meter === undefined) return "no_meter";
  if (customerId === undefined || !ctx.store.customers.has(customerId)) return "meter_event_customer_not_found";
  return Number.isFinite(value) ? null : "meter_event_invalid_value";
}

/** Digits after any leading zeros, ignoring sign and decimal point: "0.0012" → 2, "1200" → 4. */
function significantDigits(value: string): number {
  return value.replace(/^[+-]/, "").replace(".", "").replace(/^0+/, "").replace(/\D.*$/, "").length;
}
