import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeStripe, type FakeStripe } from "./index";
import { createCatalog, createTenant, DAY, HOUR, NOV_1, type Catalog } from "./test-catalog";

describe("fake Stripe: billing meter events", () => {
  let now = NOV_1;
  let fake: FakeStripe;
  let stripe: Stripe;
  let catalog: Catalog;
  let customer: Stripe.Customer;
  const send = (identifier: string, timestamp: number, value: number, customerId = customer.id) =>
    stripe.billing.meterEvents.create({
      event_name: "lorawan_uplink_units",
      identifier,
      timestamp,
      payload: { stripe_customer_id: customerId, value: String(value) },
    });

  beforeEach(async () => {
    now = NOV_1 + 3 * HOUR;
    fake = await startFakeStripe({ clock: () => now });
    stripe = fake.client();
    catalog = await createCatalog(stripe);
    customer = await createTenant(stripe, "t1");
  });
  afterEach(() => fake.close());

  it("counts only the most recently received event in each UTC hour, per customer", async () => {
    const other = await createTenant(stripe, "t2");
    await send("t1:h0:r0", NOV_1 + 1800, 10);
    await send("t1:h1:r0", NOV_1 + HOUR + 60, 7);
    await send("t2:h0:r0", NOV_1 + 1800, 99, other.id);
    now += 60;
    // A corrected total for hour 0 (timestamp earlier in the hour, but received later) replaces 10.
    await send("t1:h0:r1", NOV_1 + 5, 12);

    expect(fake.meterTotal("lorawan_uplink_units", customer.id, NOV_1, NOV_1 + DAY)).toBe(19);
    expect(fake.meterTotal(catalog.meter.id, other.id, NOV_1, NOV_1 + DAY)).toBe(99);

    const hourly = await stripe.billing.meters.listEventSummaries(catalog.meter.id, {
      customer: customer.id,
      start_time: NOV_1,
      end_time: NOV_1 + 3 * HOUR,
      value_grouping_window: "hour",
    });
    expect(hourly.data.map((s) => [s.start_time - NOV_1, s.aggregated_value])).toEqual([
      [0, 12],
      [HOUR, 7],
    ]);
    const whole = await stripe.billing.meters.listEventSummaries(catalog.meter.id, { customer: customer.id, start_time: NOV_1, end_time: NOV_1 + DAY });
    expect(whole.data).toHaveLength(1);
    expect(whole.data[0]).toMatchObject({ object: "billing.meter_event_summary", aggregated_value: 19, meter: catalog.meter.id });
    await expect(
      stripe.billing.meters.listEventSummaries(catalog.meter.id, { customer: customer.id, start_time: NOV_1 + 30, end_time: NOV_1 + HOUR }),
    ).rejects.toThrow(/minute boundary/);
  });

  it("rejects a duplicate identifier with 400 'already exists' and stripe-should-retry: false, which the SDK does not retry", async () => {
    const retrying = fake.client({ maxNetworkRetries: 2 });
    await send("t1:h0:r0", NOV_1, 5);
    const before = fake.requestsTo("/v1/billing/meter_events").length;
    const error = await retrying.billing.meterEvents
      .create({ event_name: "lorawan_uplink_units", identifier: "t1:h0:r0", timestamp: NOV_1, payload: { stripe_customer_id: customer.id, value: "6" } })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const stripeError = error as Stripe.errors.StripeInvalidRequestError;
    expect(stripeError.statusCode).toBe(400);
    expect(stripeError.type).toBe("StripeInvalidRequestError");
    expect(stripeError.message).toBe("An event already exists with identifier t1:h0:r0.");
    expect(stripeError.headers?.["stripe-should-retry"]).toBe("false");
    expect(fake.requestsTo("/v1/billing/meter_events").length - before).toBe(1);
    expect(fake.meterTotal(catalog.meter.id, customer.id, NOV_1, NOV_1 + HOUR)).toBe(5);
  });

  it("accepts the same identifier again once the 24-hour uniqueness window has passed", async () => {
    await send("reused", NOV_1, 1);
    now += DAY;
    await expect(send("reused", NOV_1 + DAY, 2)).resolves.toMatchObject({ identifier: "reused" });
  });

  it("enforces the 35-day / 5-minute timestamp window with a 400 that says what is accepted", async () => {
    const tooOld = await send("old", now - 35 * DAY - 1, 1).catch((e: unknown) => e);
    expect(tooOld).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((tooOld as Stripe.errors.StripeError).statusCode).toBe(400);
    expect((tooOld as Error).message).toMatch(/within the past 35 days/);
    await expect(send("edge", now - 35 * DAY, 1)).resolves.toBeDefined();
    await expect(send("future", now + 301, 1)).rejects.toThrow(/at most 5 minutes ahead/);
    await expect(send("soon", now + 300, 1)).resolves.toBeDefined();
  });

  it("rejects an event without the meter's customer mapping key and keeps unknown customers out of totals", async () => {
    await expect(stripe.billing.meterEvents.create({ event_name: "lorawan_uplink_units", payload: { value: "3" } })).rejects.toThrow(
      /Missing customer mapping: .*payload\[stripe_customer_id\]/,
    );
    const accepted = await send("ghost", NOV_1, 4, "cus_doesnotexist");
    expect(accepted).toMatchObject({ object: "billing.meter_event", identifier: "ghost", timestamp: NOV_1 });
    expect(fake.state.meterEvents.at(-1)?.asyncError).toBe("meter_event_customer_not_found");
    await stripe.billing.meterEvents.create({ event_name: "no_such_meter", payload: { stripe_customer_id: customer.id, value: "1" } });
    expect(fake.state.meterEvents.at(-1)?.asyncError).toBe("no_meter");
  });

  it("cancels an event by identifier within 24 hours of receipt, and not after", async () => {
    await send("keep", NOV_1, 2);
    await send("drop", NOV_1 + HOUR, 3);
    const adjustment = await stripe.billing.meterEventAdjustments.create({ event_name: "lorawan_uplink_units", type: "cancel", cancel: { identifier: "drop" } });
    expect(adjustment).toMatchObject({ object: "billing.meter_event_adjustment", type: "cancel", cancel: { identifier: "drop" } });
    expect(fake.meterTotal(catalog.meter.id, customer.id, NOV_1, NOV_1 + DAY)).toBe(2);
    now += DAY + 1;
    await expect(
      stripe.billing.meterEventAdjustments.create({ event_name: "lorawan_uplink_units", type: "cancel", cancel: { identifier: "keep" } }),
    ).rejects.toThrow(/within 24 hours/);
  });
});
