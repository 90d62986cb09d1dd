import type Stripe from "stripe";
import { noSuch } from "./api-error";

/** One received v1 meter event plus what the fake needs to aggregate it. */
export interface StoredMeterEvent {
  readonly event: Stripe.Billing.MeterEvent;
  /** The meter whose event_name matched when the event arrived (null: none did; see asyncError). */
  readonly meterId: string | null;
  readonly customerId: string | null;
  readonly value: number;
  /** Receipt time (fake clock), which decides "most recently received" in pre-aggregated windows. */
  readonly receivedAt: number;
  /** Arrival order, to break ties between events received in the same second. */
  readonly seq: number;
  canceledAt: number | null;
  /**
   * Problems real Stripe reports asynchronously (billing.meter error reports) rather than with a 400.
   * The event is kept but never counted. Codes are the SDK's `MeterErrorReport` reason codes.
   */
  readonly asyncError: "no_meter" | "meter_event_customer_not_found" | "meter_event_invalid_value" | null;
}

/** Every HTTP request the fake received, for assertions such as "the SDK did not retry". */
export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly idempotencyKey: string | null;
  readonly stripeVersion: string | null;
  /** Response status; null while a request is being held open by an injected "timeout". */
  status: number | null;
  readonly receivedAt: number;
  readonly injected: "500" | "timeout" | "429" | null;
  replayed: boolean;
  /**
   * Params the request sent that the fake does not model and silently ignored (e.g. `expand[0]`,
   * `automatic_tax[enabled]`). Assert this is empty to be sure a test does not depend on them.
   */
  ignoredParams: string[];
}

/** Read-only views of everything the fake holds, for test assertions. */
export interface FakeStripeState {
  readonly customers: ReadonlyMap<string, Readonly<Stripe.Customer>>;
  readonly products: ReadonlyMap<string, Readonly<Stripe.Product>>;
  readonly prices: ReadonlyMap<string, Readonly<Stripe.Price>>;
  readonly taxRates: ReadonlyMap<string, Readonly<Stripe.TaxRate>>;
  readonly meters: ReadonlyMap<string, Readonly<Stripe.Billing.Meter>>;
  readonly meterEvents: ReadonlyArray<Readonly<StoredMeterEvent>>;
  readonly meterEventAdjustments: ReadonlyArray<Readonly<Stripe.Billing.MeterEventAdjustment>>;
  readonly subscriptions: ReadonlyMap<string, Readonly<Stripe.Subscription>>;
  readonly invoices: ReadonlyMap<string, Readonly<Stripe.Invoice>>;
  /** Invoice items; `invoice: null` means pending (not yet on an invoice). */
  readonly invoiceItems: ReadonlyMap<string, Readonly<Stripe.InvoiceItem>>;
  readonly checkoutSessions: ReadonlyMap<string, Readonly<Stripe.Checkout.Session>>;
  readonly portalSessions: ReadonlyMap<string, Readonly<Stripe.BillingPortal.Session>>;
  readonly requests: ReadonlyArray<Readonly<RequestRecord>>;
}

/** The in-memory database. Maps keep insertion order, which is creation order. */
export class Store implements FakeStripeState {
  readonly customers = new Map<string, Stripe.Customer>();
  readonly products = new Map<string, Stripe.Product>();
  readonly prices = new Map<string, Stripe.Price>();
  readonly taxRates = new Map<string, Stripe.TaxRate>();
  readonly meters = new Map<string, Stripe.Billing.Meter>();
  readonly meterEvents: StoredMeterEvent[] = [];
  readonly meterEventAdjustments: Stripe.Billing.MeterEventAdjustment[] = [];
  readonly subscriptions = new Map<string, Stripe.Subscription>();
  /** subscription item id → subscription id */
  readonly subscriptionItemOwners = new Map<string, string>();
  readonly invoices = new Map<string, Stripe.Invoice>();
  readonly invoiceItems = new Map<string, Stripe.InvoiceItem>();
  readonly checkoutSessions = new Map<string, Stripe.Checkout.Session>();
  readonly portalSessions = new Map<string, Stripe.BillingPortal.Session>();
  readonly requests: RequestRecord[] = [];
  private invoiceNumber = 0;

  nextInvoiceNumber(): string {
    this.invoiceNumber += 1;
    return `FAKE-${String(this.invoiceNumber).padStart(4, "0")}`;
  }

  customer(id: string, param = "customer"): Stripe.Customer {
    return found(this.customers.get(id), "customer", id, param);
  }

  price(id: string, param = "price"): Stripe.Price {
    return found(this.prices.get(id), "price", id, param);
  }

  taxRate(id: string, param = "tax_rate"): Stripe.TaxRate {
    return found(this.taxRates.get(id), "tax_rate", id, param);
  }

  meter(id: string, param = "id"): Stripe.Billing.Meter {
    return found(this.meters.get(id), "billing.meter", id, param);
  }

  meterByEventName(eventName: string): Stripe.Billing.Meter | undefined {
    return [...this.meters.values()].find((meter) => meter.event_name === eventName);
  }

  subscription(id: string, param = "id"): Stripe.Subscription {
    return found(this.subscriptions.get(id), "subscription", id, param);
  }

  subscriptionItem(id: string, param = "id"): { subscription: Stripe.Subscription; item: Stripe.SubscriptionItem } {
    const subscriptionId = this.subscriptionItemOwners.get(id);
    const subscription = subscriptionId === undefined ? undefined : this.subscriptions.get(subscriptionId);
    const item = subscription?.items.data.find((candidate) => candidate.id === id);
    if (subscription === undefined || item === undefined) throw noSuch("subscription_item", id, param);
    return { subscription, item };
  }

  invoice(id: string, param = "id"): Stripe.Invoice {
    return found(this.invoices.get(id), "invoice", id, param);
  }

  invoiceItem(id: string, param = "id"): Stripe.InvoiceItem {
    return found(this.invoiceItems.get(id), "invoiceitem", id, param);
  }
}

function found<T>(value: T | undefined, kind: string, id: string, param: string): T {
  if (value === undefined) throw noSuch(kind, id, param);
  return value;
}
