export { startFakeStripe, type FakeStripe, type FakeStripeOptions } from "./fake-stripe";
export type { FailureMode } from "./failures";
export type { EventOf, EventType } from "./events";
export type { InvoicePeriod } from "./invoicing";
export type { FakeStripeState, RequestRecord, StoredMeterEvent } from "./store";
export { signWebhook } from "./webhook";
