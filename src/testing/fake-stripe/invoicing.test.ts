import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeStripe, type FakeStripe } from "./index";
import { createCatalog, createTenant, DAY, HOUR, NOV_1, type Catalog } from "./test-catalog";

const DEC_1 = Date.UTC(2026, 11, 1) / 1000;
const JAN_1 = Date.UTC(2027, 0, 1) / 1000;

describe("fake Stripe: finalizeUpcomingInvoice", () => {
  let now = NOV_1;
  let fake: FakeStripe;
  let stripe: Stripe;
  let catalog: Catalog;
  let customer: Stripe.Customer;

  /** Sends an hourly rollup the way the usage reporter does: at the end of the hour, stamped mid-hour. */
  async function reportHour(hourStart: number, units: number, revision = 0) {
    now = Math.max(now, hourStart + HOUR);
    await stripe.billing.meterEvents.create({
      event_name: "lorawan_uplink_units",
      identifier: `${customer.id}:uplink:${hourStart}:r${revision}`,
      timestamp: hourStart + 1800,
      payload: { stripe_customer_id: customer.id, value: String(units) },
    });
  }

  beforeEach(async () => {
    now = NOV_1;
    fake = await startFakeStripe({ clock: () => now });
    stripe = fake.client();
    catalog = await createCatalog(stripe);
    customer = await createTenant(stripe, "t1");
  });
  afterEach(() => fake.close());

  it("bills 5 devices at £2.50 plus 1,234 uplink units at 0.5p with 20% VAT on a send_invoice subscription", async () => {
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: catalog.devicePrice.id, quantity: 5 }, { price: catalog.usagePrice.id }],
      collection_method: "send_invoice",
      days_until_due: 30,
      default_tax_rates: [catalog.vat.id],
    });
    await reportHour(NOV_1, 400);
    await reportHour(NOV_1 + 10 * DAY, 500);
    await reportHour(NOV_1 + 20 * DAY, 300);
    await reportHour(NOV_1 + 20 * DAY, 334, 1); // late correction for the same hour replaces 300
    await reportHour(DEC_1, 999); // next period: not on this invoice
    now = DEC_1 + 2 * HOUR;

    const invoice = fake.finalizeUpcomingInvoice(subscription.id, { periodStart: NOV_1, periodEnd: DEC_1 });

    const [devices, usage] = invoice.lines.data;
    expect(devices).toMatchObject({ quantity: 5, amount: 1250 });
    expect(usage).toMatchObject({ quantity: 1234, amount: 617 });
    expect(usage?.taxes?.[0]).toMatchObject({ amount: 123, taxable_amount: 617, tax_behavior: "exclusive", tax_rate_details: { tax_rate: catalog.vat.id } });
    expect(invoice).toMatchObject({
      id: expect.stringMatching(/^in_/),
      status: "open",
      collection_method: "send_invoice",
      subtotal: 1867,
      total_excluding_tax: 1867,
      total: 2240,
      amount_due: 2240,
      amount_paid: 0,
      amount_remaining: 2240,
      due_date: now + 30 * DAY,
      period_start: NOV_1,
      period_end: DEC_1,
      parent: { type: "subscription_details", subscription_details: { subscription: subscription.id } },
    });
    expect(invoice.total_taxes).toEqual([expect.objectContaining({ amount: 373, taxable_amount: 1867 })]);

    const fetched = await stripe.invoices.retrieve(invoice.id);
    expect(fetched.total).toBe(2240);
    expect((await stripe.invoices.list({ subscription: subscription.id })).data.map((i) => i.id)).toEqual([invoice.id]);
    const renewed = await stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.latest_invoice).toBe(invoice.id);
    expect(renewed.items.data[0]).toMatchObject({ current_period_start: DEC_1, current_period_end: JAN_1 });

    const paid = await stripe.invoices.pay(invoice.id, { paid_out_of_band: true });
    expect(paid).toMatchObject({ status: "paid", amount_paid: 2240, amount_remaining: 0 });
  });

  it("marks a charge_automatically invoice paid when the customer has a default payment method", async () => {
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: "pm_card_visa" } });
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: catalog.devicePrice.id, quantity: 2 }], default_tax_rates: [catalog.vat.id] });
    expect(subscription.status).toBe("active");
    now = DEC_1;
    const invoice = fake.finalizeUpcomingInvoice(subscription.id, { periodStart: NOV_1, periodEnd: DEC_1 });
    expect(invoice).toMatchObject({ status: "paid", total: 600, amount_paid: 600, status_transitions: { paid_at: DEC_1 } });
  });

  it("leaves a charge_automatically invoice open and the subscription past_due when there is nothing to charge", async () => {
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: catalog.usagePrice.id }] });
    expect(subscription.status).toBe("active"); // metered only: the first invoice would be £0
    await reportHour(NOV_1 + 5 * HOUR, 100);
    now = DEC_1;
    const invoice = fake.finalizeUpcomingInvoice(subscription.id, { periodStart: NOV_1, periodEnd: DEC_1 });
    expect(invoice).toMatchObject({ status: "open", total: 50, attempted: true });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("past_due");

    await expect(stripe.invoices.pay(invoice.id)).rejects.toThrow(/no attached payment source or default payment method/);
    expect(await stripe.invoices.pay(invoice.id, { payment_method: "pm_card_visa" })).toMatchObject({ status: "paid" });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
  });

  it("voids an open invoice and refuses to pay it afterwards", async () => {
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: catalog.devicePrice.id, quantity: 1 }],
      collection_method: "send_invoice",
      days_until_due: 28,
    });
    now = DEC_1;
    const invoice = fake.finalizeUpcomingInvoice(subscription.id, { periodStart: NOV_1, periodEnd: DEC_1 });
    expect(await stripe.invoices.voidInvoice(invoice.id)).toMatchObject({ status: "void", status_transitions: { voided_at: DEC_1 } });
    await expect(stripe.invoices.pay(invoice.id, { paid_out_of_band: true })).rejects.toThrow(/only open invoices can be paid/);
    expect((await stripe.invoices.list({ customer: customer.id, status: "void" })).data).toHaveLength(1);
  });
});
