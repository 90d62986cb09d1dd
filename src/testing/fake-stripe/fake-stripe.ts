import Stripe from "stripe";
import { buildEvent, type EventOf, type EventType } from "./events";
import { FailureQueue, type FailureMode } from "./failures";
import { IdempotencyStore } from "./idempotency";
import { createDraftInvoice, finalizeInvoice, finalizeUpcomingInvoice, type InvoicePeriod } from "./invoicing";
import { meterTotal } from "./metering";
import { newId } from "./object-ids";
import { allRoutes } from "./routes";
import { listen } from "./server";
import { Store, type FakeStripeState, type RequestRecord } from "./store";

export interface FakeStripeOptions {
  /** Unix seconds; drives `created`, meter-event windows, identifier expiry and invoice dates. */
  clock?: () => number;
  /** Answers every request this much later, as a distant API does (lets a test stop a caller mid-way). */
  latencyMs?: number;
}

export interface FakeStripe {
  readonly port: number;
  /** e.g. `http://127.0.0.1:53123` */
  readonly url: string;
  /** A real SDK instance pointed at this fake (maxNetworkRetries 0 and telemetry off unless overridden). */
  client(options?: Stripe.StripeConfig): Stripe;
  /** Read-only views of every stored object and every request received. */
  readonly state: FakeStripeState;
  /** The next `count` requests whose path starts with `pathPrefix` fail with a 500, a 429 (Retry-After: 1) or no answer at all. */
  failNext(pathPrefix: string, count: number, mode: FailureMode): void;
  setClock(clock: () => number): void;
  now(): number;
  /** Requests received whose path starts with `pathPrefix` (injected failures and replays included). */
  requestsTo(pathPrefix: string): ReadonlyArray<Readonly<RequestRecord>>;
  /** Stripe closing a period: an invoice for licensed + metered usage with tax; "paid" when it can be charged, else "open". */
  finalizeUpcomingInvoice(subscriptionId: string, period: InvoicePeriod): Stripe.Invoice;
  /**
   * Stripe renewing the subscription: the period's invoice (same lines as finalizeUpcomingInvoice plus the
   * customer's pending invoice items) left as a "draft" that invoice items can still be added to.
   */
  createDraftInvoice(subscriptionId: string, period: InvoicePeriod): Stripe.Invoice;
  /** Finalizes a draft with finalizeUpcomingInvoice's rules: "paid" when it can be charged (or is £0), else "open". */
  finalizeInvoice(invoiceId: string): Stripe.Invoice;
  /** The meter's aggregated value for one customer over [start, end), by meter id or event_name. */
  meterTotal(meterIdOrEventName: string, customerId: string, start: number, end: number): number;
  /** A webhook event for `type` wrapping `object`, created at the fake clock's now. */
  buildEvent<T extends EventType>(type: T, object: EventOf<T>["data"]["object"], previousAttributes?: EventOf<T>["data"]["previous_attributes"]): EventOf<T>;
  /** The customer finishing a setup-mode Checkout: the session completes and its customer gets a default payment method. */
  completeCheckoutSession(sessionId: string): Stripe.Checkout.Session;
  close(): Promise<void>;
}

export async function startFakeStripe(opts: FakeStripeOptions = {}): Promise<FakeStripe> {
  let clock = opts.clock ?? (() => Math.floor(Date.now() / 1000));
  const now = () => clock();
  const store = new Store();
  const failures = new FailureQueue();
  const { server, port } = await listen({ store, routes: allRoutes, failures, idempotency: new IdempotencyStore(), now, latencyMs: opts.latencyMs ?? 0 });
  const url = `http://127.0.0.1:${port}`;

  return {
    port,
    url,
    state: store,
    client: (options = {}) =>
      new Stripe("sk_test_fake", { host: "127.0.0.1", port, protocol: "http", maxNetworkRetries: 0, telemetry: false, ...options }),
    failNext: (pathPrefix, count, mode) => failures.add(pathPrefix, count, mode),
    setClock: (next) => {
      clock = next;
    },
    now,
    requestsTo: (pathPrefix) => store.requests.filter((request) => request.path.startsWith(pathPrefix)),
    finalizeUpcomingInvoice: (subscriptionId, period) => finalizeUpcomingInvoice(store, subscriptionId, period, now()),
    createDraftInvoice: (subscriptionId, period) => createDraftInvoice(store, subscriptionId, period, now()),
    finalizeInvoice: (invoiceId) => finalizeInvoice(store, invoiceId, now()),
    meterTotal: (meterIdOrEventName, customerId, start, end) => {
      const meter = store.meters.get(meterIdOrEventName) ?? store.meterByEventName(meterIdOrEventName);
      if (meter === undefined) throw new Error(`No meter with id or event_name '${meterIdOrEventName}'`);
      return meterTotal(store, meter, customerId, start, end);
    },
    buildEvent: (type, object, previousAttributes) => buildEvent(type, object, { created: now(), previousAttributes }),
    completeCheckoutSession: (sessionId) => {
      const session = store.checkoutSessions.get(sessionId);
      if (session === undefined) throw new Error(`No checkout session '${sessionId}'`);
      session.status = "complete";
      const customer = typeof session.customer === "string" ? store.customers.get(session.customer) : undefined;
      if (customer !== undefined) customer.invoice_settings.default_payment_method = newId("pm");
      return session;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
