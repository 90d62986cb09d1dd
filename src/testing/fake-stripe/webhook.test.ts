import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeStripe, signWebhook, type FakeStripe } from "./index";
import { createCatalog, createTenant, NOV_1 } from "./test-catalog";

const SECRET = "whsec_test_fake_secret";

describe("fake Stripe: webhook events and signatures", () => {
  let fake: FakeStripe;
  let stripe: Stripe;
  beforeEach(async () => {
    fake = await startFakeStripe({ clock: () => NOV_1 });
    stripe = fake.client();
  });
  afterEach(() => fake.close());

  it("builds an invoice.paid event from fake state that constructEvent accepts with a signWebhook header", async () => {
    const catalog = await createCatalog(stripe);
    const customer = await createTenant(stripe, "t1");
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: catalog.devicePrice.id, quantity: 1 }],
      collection_method: "send_invoice",
      days_until_due: 30,
    });
    const invoice = fake.finalizeUpcomingInvoice(subscription.id, { periodStart: NOV_1, periodEnd: NOV_1 + 30 * 86400 });
    const event = fake.buildEvent("invoice.paid", invoice);
    expect(event).toMatchObject({ id: expect.stringMatching(/^evt_/), object: "event", type: "invoice.paid", created: NOV_1, api_version: Stripe.API_VERSION });

    const payload = JSON.stringify(event);
    const verified = stripe.webhooks.constructEvent(payload, signWebhook(payload, SECRET), SECRET);
    expect(verified.type).toBe("invoice.paid");
    expect(verified.id).toBe(event.id);
    if (verified.type === "invoice.paid") expect(verified.data.object.total).toBe(250);
  });

  it("rejects a modified payload, a wrong secret and a stale timestamp", async () => {
    const customer = await createTenant(stripe, "t2");
    const payload = JSON.stringify(fake.buildEvent("customer.deleted", customer));
    const header = signWebhook(payload, SECRET);
    expect(() => stripe.webhooks.constructEvent(payload.replace("customer.deleted", "customer.created"), header, SECRET)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(() => stripe.webhooks.constructEvent(payload, header, "whsec_other")).toThrow(Stripe.errors.StripeSignatureVerificationError);
    const stale = signWebhook(payload, SECRET, Math.floor(Date.now() / 1000) - 301);
    expect(() => stripe.webhooks.constructEvent(payload, stale, SECRET)).toThrow(/tolerance/);
  });
});
