import Stripe from "stripe";
import { newId } from "./object-ids";

export type EventType = Stripe.Event["type"];
/** The SDK's event interface for one type, e.g. `EventOf<"invoice.paid">` is `Stripe.InvoicePaidEvent`. */
export type EventOf<T extends EventType> = Extract<Stripe.Event, { type: T }>;

/**
 * A snapshot (v1) webhook event as Stripe would deliver it, typed per event type so that
 * `buildEvent("invoice.paid", invoice)` only accepts a `Stripe.Invoice`.
 */
export function buildEvent<T extends EventType>(
  type: T,
  object: EventOf<T>["data"]["object"],
  options: { created: number; previousAttributes?: EventOf<T>["data"]["previous_attributes"] },
): EventOf<T> {
  const base: Omit<Stripe.EventBase, "type" | "data"> = {
    id: newId("evt", 24),
    object: "event",
    api_version: Stripe.API_VERSION,
    created: options.created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
  };
  const data = { object, ...(options.previousAttributes === undefined ? {} : { previous_attributes: options.previousAttributes }) };
  // TypeScript cannot build a member of a generic discriminated union directly; base is checked against EventBase above.
  return { ...base, type, data } as unknown as EventOf<T>;
}
