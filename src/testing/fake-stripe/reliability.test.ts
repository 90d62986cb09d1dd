import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeStripe, type FakeStripe } from "./index";
import { NOV_1 } from "./test-catalog";

describe("fake Stripe: idempotency keys and injected failures", () => {
  let fake: FakeStripe;
  beforeEach(async () => {
    fake = await startFakeStripe({ clock: () => NOV_1 });
  });
  afterEach(() => fake.close());

  it("replays the stored response for a repeated Idempotency-Key instead of creating twice", async () => {
    const stripe = fake.client();
    const first = await stripe.customers.create({ name: "Parish council", metadata: { tenant_id: "t1" } }, { idempotencyKey: "cust:t1" });
    const second = await stripe.customers.create({ name: "Parish council", metadata: { tenant_id: "t1" } }, { idempotencyKey: "cust:t1" });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(fake.state.customers.size).toBe(1);
    expect(fake.requestsTo("/v1/customers").map((r) => r.replayed)).toEqual([false, true]);
  });

  it("rejects a reused Idempotency-Key with different parameters as an idempotency error", async () => {
    const stripe = fake.client();
    await stripe.customers.create({ name: "A" }, { idempotencyKey: "k1" });
    const error = await stripe.customers.create({ name: "B" }, { idempotencyKey: "k1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(fake.state.customers.size).toBe(1);
  });

  it("a 500 is retried by an SDK with maxNetworkRetries 2 (same idempotency key) and then succeeds", async () => {
    fake.failNext("/v1/customers", 2, "500");
    const customer = await fake.client({ maxNetworkRetries: 2 }).customers.create({ name: "Retry me" });
    const attempts = fake.requestsTo("/v1/customers");
    expect(attempts.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(attempts.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(fake.state.customers.get(customer.id)?.name).toBe("Retry me");
  });

  it("a 500 surfaces as StripeAPIError when maxNetworkRetries is 0", async () => {
    fake.failNext("/v1/customers", 1, "500");
    const error = await fake.client({ maxNetworkRetries: 0 }).customers.create({ name: "No retry" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect((error as Stripe.errors.StripeAPIError).statusCode).toBe(500);
    expect(fake.requestsTo("/v1/customers")).toHaveLength(1);
    expect(fake.state.customers.size).toBe(0);
  });

  it("a 429 carries Retry-After and surfaces as StripeRateLimitError (the SDK does not retry it)", async () => {
    fake.failNext("/v1/billing/meter_events", 1, "429");
    const stripe = fake.client({ maxNetworkRetries: 2 });
    const error = await stripe.billing.meterEvents
      .create({ event_name: "lorawan_uplink_units", payload: { stripe_customer_id: "cus_x", value: "1" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect((error as Stripe.errors.StripeRateLimitError).headers?.["retry-after"]).toBe("1");
    expect(fake.requestsTo("/v1/billing/meter_events")).toHaveLength(1);
  });

  it("a hung request trips the client timeout as a StripeConnectionError", async () => {
    fake.failNext("/v1/products", 1, "timeout");
    const error = await fake.client({ timeout: 200 }).products.create({ name: "Never answered" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(fake.requestsTo("/v1/products")).toMatchObject([{ injected: "timeout", status: null }]);
    // The next request to the same path is served normally.
    await expect(fake.client().products.create({ name: "Answered" })).resolves.toMatchObject({ name: "Answered" });
  });

  it("rejects requests without a test-mode secret key", async () => {
    const error = await new Stripe("rk_live_nope", { host: "127.0.0.1", port: fake.port, protocol: "http", telemetry: false }).customers
      .create({ name: "x" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });
});
