import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeStripe, type FakeStripe } from "./index";
import { createCatalog, createTenant, NOV_1 } from "./test-catalog";

describe("fake Stripe: catalogue, customers and subscriptions through the real SDK", () => {
  let fake: FakeStripe;
  let stripe: Stripe;
  beforeEach(async () => {
    fake = await startFakeStripe({ clock: () => NOV_1 });
    stripe = fake.client();
  });
  afterEach(() => fake.close());

  it("creates a customer, product, prices, tax rate, meter and a send_invoice subscription", async () => {
    const catalog = await createCatalog(stripe);
    const customer = await createTenant(stripe, "t1");
    expect(customer.id).toMatch(/^cus_/);
    expect(customer.metadata).toEqual({ tenant_id: "t1" });
    expect(catalog.meter).toMatchObject({ id: expect.stringMatching(/^mtr_/), event_time_window: "hour", status: "active" });
    expect(catalog.usagePrice.recurring).toMatchObject({ usage_type: "metered", meter: catalog.meter.id });
    expect(catalog.usagePrice.unit_amount).toBeNull();
    expect(catalog.usagePrice.unit_amount_decimal?.toString()).toBe("0.5");

    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: catalog.devicePrice.id, quantity: 5 }, { price: catalog.usagePrice.id }],
      collection_method: "send_invoice",
      days_until_due: 30,
      default_tax_rates: [catalog.vat.id],
      metadata: { tenant_id: "t1" },
    });
    expect(subscription).toMatchObject({ status: "active", collection_method: "send_invoice", days_until_due: 30, currency: "gbp", metadata: { tenant_id: "t1" } });
    expect(subscription.id).toMatch(/^sub_/);
    const [device, usage] = subscription.items.data;
    expect(device).toMatchObject({ quantity: 5, current_period_start: NOV_1, current_period_end: Date.UTC(2026, 11, 1) / 1000 });
    expect(device?.id).toMatch(/^si_/);
    expect(usage?.quantity).toBeUndefined();
    expect(subscription.default_tax_rates?.[0]?.percentage).toBe(20);
    expect(await stripe.subscriptions.retrieve(subscription.id)).toEqual(subscription);
    expect(fake.state.subscriptions.get(subscription.id)?.customer).toBe(customer.id);
  });

  it("finds prices by lookup_keys[] and moves a lookup key only with transfer_lookup_key", async () => {
    const catalog = await createCatalog(stripe);
    const found = await stripe.prices.list({ lookup_keys: ["device_month_v1", "uplink_unit_v1"] });
    expect(found.data.map((price) => price.id).sort()).toEqual([catalog.devicePrice.id, catalog.usagePrice.id].sort());
    const again = { product: catalog.product.id, currency: "gbp", unit_amount: 300, recurring: { interval: "month" as const }, lookup_key: "device_month_v1" };
    await expect(stripe.prices.create(again)).rejects.toThrow(/already uses that lookup key/);
    const moved = await stripe.prices.create({ ...again, transfer_lookup_key: true });
    expect((await stripe.prices.list({ lookup_keys: ["device_month_v1"] })).data.map((p) => p.id)).toEqual([moved.id]);
    expect((await stripe.prices.retrieve(catalog.devicePrice.id)).lookup_key).toBeNull();
  });

  it("rejects a metered price without a meter and a send_invoice subscription without days_until_due", async () => {
    const catalog = await createCatalog(stripe);
    const customer = await createTenant(stripe, "t2");
    await expect(
      stripe.prices.create({ product: catalog.product.id, currency: "gbp", unit_amount: 1, recurring: { interval: "month", usage_type: "metered" } }),
    ).rejects.toThrow(/must reference a meter/);
    const error = await stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: catalog.devicePrice.id }], collection_method: "send_invoice" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((error as Stripe.errors.StripeInvalidRequestError).param).toBe("days_until_due");
  });

  it("updates a customer's metadata and invoice settings with Stripe's merge rules", async () => {
    const customer = await createTenant(stripe, "t3");
    const updated = await stripe.customers.update(customer.id, {
      metadata: { tenant_id: "", po: "PO-1" },
      invoice_settings: { custom_fields: [{ name: "PO number", value: "PO-1" }] },
    });
    expect(updated.metadata).toEqual({ po: "PO-1" });
    expect(updated.invoice_settings.custom_fields).toEqual([{ name: "PO number", value: "PO-1" }]);
    expect((await stripe.customers.retrieve(customer.id)).id).toBe(customer.id);
  });

  it("changes a device quantity through subscriptionItems.update and lists the items", async () => {
    const catalog = await createCatalog(stripe);
    const customer = await createTenant(stripe, "t4");
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: catalog.devicePrice.id, quantity: 2 }, { price: catalog.usagePrice.id }],
      collection_method: "send_invoice",
      days_until_due: 28,
    });
    const deviceItem = subscription.items.data[0]!;
    expect((await stripe.subscriptionItems.update(deviceItem.id, { quantity: 7 })).quantity).toBe(7);
    await expect(stripe.subscriptionItems.update(subscription.items.data[1]!.id, { quantity: 3 })).rejects.toThrow(/metered/);
    const items = await stripe.subscriptionItems.list({ subscription: subscription.id });
    expect(items.data.map((item) => item.quantity)).toEqual([7, undefined]);
    const canceled = await stripe.subscriptions.cancel(subscription.id);
    expect(canceled).toMatchObject({ status: "canceled", canceled_at: NOV_1 });
  });

  it("charge_automatically without a payment method is incomplete; a completed setup Checkout makes the next one active", async () => {
    const catalog = await createCatalog(stripe);
    const customer = await createTenant(stripe, "t5");
    const items = [{ price: catalog.devicePrice.id, quantity: 1 }];
    expect((await stripe.subscriptions.create({ customer: customer.id, items })).status).toBe("incomplete");

    const session = await stripe.checkout.sessions.create({ mode: "setup", customer: customer.id, currency: "gbp", success_url: "http://localhost/ok" });
    expect(session).toMatchObject({ mode: "setup", status: "open", url: expect.stringContaining(session.id) });
    fake.completeCheckoutSession(session.id);
    expect((await stripe.subscriptions.create({ customer: customer.id, items })).status).toBe("active");

    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: "http://localhost/billing" });
    expect(portal.url).toMatch(/^https:\/\/billing\.stripe\.com\//);
    await expect(stripe.checkout.sessions.create({ mode: "setup", customer: customer.id })).rejects.toThrow(/currency is required/);
  });

  it("updates subscription items, metadata and collection settings", async () => {
    const catalog = await createCatalog(stripe);
    const customer = await createTenant(stripe, "t6");
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: catalog.usagePrice.id }], metadata: { tenant_id: "t6" } });
    const updated = await stripe.subscriptions.update(subscription.id, {
      items: [{ price: catalog.devicePrice.id, quantity: 3 }],
      collection_method: "send_invoice",
      days_until_due: 30,
      metadata: { po: "PO-9" },
    });
    expect(updated.items.data.map((item) => [item.price.id, item.quantity])).toEqual([
      [catalog.usagePrice.id, undefined],
      [catalog.devicePrice.id, 3],
    ]);
    expect(updated).toMatchObject({ collection_method: "send_invoice", days_until_due: 30, metadata: { tenant_id: "t6", po: "PO-9" } });
    const deviceItem = updated.items.data[1]!;
    const removed = await stripe.subscriptions.update(subscription.id, { items: [{ id: deviceItem.id, deleted: true }] });
    expect(removed.items.data).toHaveLength(1);
    await expect(stripe.subscriptionItems.update(deviceItem.id, { quantity: 1 })).rejects.toThrow(/No such subscription_item/);
  });

  it("pages through lists with starting_after, as the SDK's auto-pagination does", async () => {
    const product = await stripe.products.create({ name: "P" });
    for (let i = 0; i < 5; i += 1) await stripe.prices.create({ product: product.id, currency: "gbp", unit_amount: i });
    const amounts: Array<number | null> = [];
    for await (const price of stripe.prices.list({ limit: 2 })) amounts.push(price.unit_amount);
    expect(amounts).toEqual([4, 3, 2, 1, 0]);
    const firstPage = await stripe.prices.list({ limit: 2 });
    expect(firstPage.has_more).toBe(true);
  });

  it("records params the fake does not model, so a test can assert it relies on none", async () => {
    await stripe.customers.create({ name: "Modelled", metadata: { a: "1" } });
    await stripe.customers.create({ name: "Partly", expand: ["tax_ids"], tax: { validate_location: "immediately" } });
    const [first, second] = fake.requestsTo("/v1/customers");
    expect(first?.ignoredParams).toEqual([]);
    expect(second?.ignoredParams).toEqual(["expand[0]", "tax[validate_location]"]);
  });

  it("answers unknown routes with a Stripe-shaped 404 and records the pinned Stripe-Version", async () => {
    const error = await stripe.coupons.create({ percent_off: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((error as Stripe.errors.StripeInvalidRequestError).statusCode).toBe(404);
    expect((error as Error).message).toMatch(/Unrecognized request URL \(POST: \/v1\/coupons\)/);
    await expect(stripe.customers.retrieve("cus_missing")).rejects.toThrow("No such customer: 'cus_missing'");
    expect(fake.state.requests.every((request) => request.stripeVersion === Stripe.API_VERSION)).toBe(true);
  });
});
