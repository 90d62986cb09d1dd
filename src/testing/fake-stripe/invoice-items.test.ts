import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeStripe, type FakeStripe } from "./index";
import { createCatalog, createTenant, DAY, HOUR, NOV_1, type Catalog } from "./test-catalog";

const DEC_1 = Date.UTC(2026, 11, 1) / 1000;
const JAN_1 = Date.UTC(2027, 0, 1) / 1000;
const NOVEMBER = { periodStart: NOV_1, periodEnd: DEC_1 };

/** The invoice-item lines of an invoice (subscription lines left out). */
function itemLines(invoice: Stripe.Invoice): Stripe.InvoiceLineItem[] {
  return invoice.lines.data.filter((line) => line.parent?.type === "invoice_item_details");
}

async function apiError(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeError);
  return error as Stripe.errors.StripeError;
}

describe("fake Stripe: draft invoices and invoice items", () => {
  let now = NOV_1;
  let fake: FakeStripe;
  let stripe: Stripe;
  let catalog: Catalog;
  let customer: Stripe.Customer;

  /** 5 devices at £2.50 with 20% VAT by default: £12.50 + £2.50 VAT a month. */
  async function sendInvoiceSubscription(forCustomer = customer): Promise<Stripe.Subscription> {
    return stripe.subscriptions.create({
      customer: forCustomer.id,
      items: [{ price: catalog.devicePrice.id, quantity: 5 }],
      collection_method: "send_invoice",
      days_until_due: 30,
      default_tax_rates: [catalog.vat.id],
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

  it("adds taxed invoice items to a draft, recomputes its totals, and finalizes it through the API", async () => {
    const subscription = await sendInvoiceSubscription();
    now = DEC_1 + HOUR;
    const draft = fake.createDraftInvoice(subscription.id, NOVEMBER);
    expect(draft).toMatchObject({
      status: "draft",
      billing_reason: "subscription_cycle",
      period_start: NOV_1,
      period_end: DEC_1,
      number: null,
      hosted_invoice_url: null,
      due_date: null,
      ending_balance: null,
      status_transitions: { finalized_at: null, paid_at: null },
      subtotal: 1250,
      total: 1500,
      amount_due: 1500,
      amount_paid: 0,
    });
    const renewed = await stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.latest_invoice).toBe(draft.id);
    expect(renewed.items.data[0]).toMatchObject({ current_period_start: DEC_1, current_period_end: JAN_1 });

    const install = await stripe.invoiceItems.create({
      customer: customer.id,
      invoice: draft.id,
      amount: 4500,
      currency: "gbp",
      description: "Gateway installation",
      tax_rates: [catalog.vat.id],
      period: { start: NOV_1 + 10 * DAY, end: NOV_1 + 10 * DAY },
      metadata: { job: "install-42" },
    });
    expect(install).toMatchObject({
      id: expect.stringMatching(/^ii_/),
      object: "invoiceitem",
      invoice: draft.id,
      customer: customer.id,
      amount: 4500,
      currency: "gbp",
      discountable: true,
      period: { start: NOV_1 + 10 * DAY, end: NOV_1 + 10 * DAY },
      metadata: { job: "install-42" },
      tax_rates: [expect.objectContaining({ id: catalog.vat.id, percentage: 20 })],
    });
    expect(fake.requestsTo("/v1/invoiceitems").map((request) => request.ignoredParams)).toEqual([[]]);

    let invoice = await stripe.invoices.retrieve(draft.id);
    expect(invoice).toMatchObject({ status: "draft", subtotal: 5750, total: 6900, amount_due: 6900, amount_remaining: 6900 });
    expect(invoice.total_taxes).toEqual([expect.objectContaining({ amount: 1150, taxable_amount: 5750, tax_rate_details: { tax_rate: catalog.vat.id } })]);
    expect(itemLines(invoice)).toMatchObject([
      {
        amount: 4500,
        description: "Gateway installation",
        parent: { type: "invoice_item_details", invoice_item_details: { invoice_item: install.id, proration: false } },
        period: { start: NOV_1 + 10 * DAY, end: NOV_1 + 10 * DAY },
        taxes: [{ amount: 900, taxable_amount: 4500, tax_behavior: "exclusive" }],
      },
    ]);

    // A credit without its own tax_rates takes the invoice's default_tax_rates.
    const credit = await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: -1000, currency: "gbp", description: "Outage credit" });
    expect(credit).toMatchObject({ amount: -1000, discountable: false, tax_rates: [] });
    invoice = await stripe.invoices.retrieve(draft.id);
    expect(invoice).toMatchObject({ subtotal: 4750, total: 5700, amount_due: 5700 });
    expect(itemLines(invoice)[1]?.taxes).toMatchObject([{ amount: -200, tax_rate_details: { tax_rate: catalog.vat.id } }]);

    now = DEC_1 + 2 * HOUR;
    const finalized = await stripe.invoices.finalizeInvoice(draft.id);
    expect(finalized).toMatchObject({
      id: draft.id,
      status: "open",
      number: "FAKE-0001",
      subtotal: 4750,
      total: 5700,
      amount_due: 5700,
      amount_paid: 0,
      amount_remaining: 5700,
      due_date: now + 30 * DAY,
      effective_at: now,
      ending_balance: 0,
      hosted_invoice_url: `https://invoice.stripe.com/i/fake/${draft.id}`,
      status_transitions: { finalized_at: now, paid_at: null },
    });
    expect((await stripe.invoices.retrieve(draft.id)).status).toBe("open");

    const again = await apiError(stripe.invoices.finalizeInvoice(draft.id));
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(again.message).toMatch(/re-finalize a non-draft invoice/);
  });

  it("finalizeInvoice applies finalizeUpcomingInvoice's payment rules to a draft", async () => {
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: "pm_card_visa" } });
    const charged = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: catalog.devicePrice.id, quantity: 2 }], default_tax_rates: [catalog.vat.id] });
    now = DEC_1;
    const draft = fake.createDraftInvoice(charged.id, NOVEMBER);
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 1000, currency: "gbp", tax_rates: [catalog.vat.id] });
    expect(fake.finalizeInvoice(draft.id)).toMatchObject({ status: "paid", total: 1800, amount_paid: 1800, amount_remaining: 0, attempted: true, auto_advance: false });

    const other = await createTenant(stripe, "t2");
    const metered = await stripe.subscriptions.create({ customer: other.id, items: [{ price: catalog.usagePrice.id }] });
    const unpaid = fake.createDraftInvoice(metered.id, NOVEMBER);
    expect(unpaid.total).toBe(0);
    await stripe.invoiceItems.create({ customer: other.id, invoice: unpaid.id, amount: 300, currency: "gbp" });
    const open = await stripe.invoices.finalizeInvoice(unpaid.id, { auto_advance: false });
    expect(open).toMatchObject({ status: "open", total: 300, amount_due: 300, attempted: true, attempt_count: 1, auto_advance: false, due_date: null });
    expect((await stripe.subscriptions.retrieve(metered.id)).status).toBe("past_due");
  });

  it("refuses invoice items on invoices that are not drafts, belong to another customer or do not exist", async () => {
    const subscription = await sendInvoiceSubscription();
    now = DEC_1;
    const open = fake.finalizeUpcomingInvoice(subscription.id, NOVEMBER);
    const paid = fake.finalizeUpcomingInvoice(subscription.id, { periodStart: DEC_1, periodEnd: JAN_1 });
    await stripe.invoices.pay(paid.id, { paid_out_of_band: true });

    for (const invoiceId of [open.id, paid.id]) {
      const error = await apiError(stripe.invoiceItems.create({ customer: customer.id, invoice: invoiceId, amount: 500, currency: "gbp" }));
      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(error).toMatchObject({ statusCode: 400, message: "Invalid invoice: This invoice is no longer editable", code: "invoice_not_editable", param: "invoice" });
    }
    expect(fake.state.invoiceItems.size).toBe(0);
    expect(await stripe.invoices.retrieve(open.id)).toMatchObject({ total: 1500, amount_due: 1500 });
    expect(itemLines(await stripe.invoices.retrieve(open.id))).toHaveLength(0);

    const stranger = await createTenant(stripe, "t2");
    const strangersDraft = fake.createDraftInvoice((await sendInvoiceSubscription(stranger)).id, NOVEMBER);
    const wrongCustomer = await apiError(stripe.invoiceItems.create({ customer: customer.id, invoice: strangersDraft.id, amount: 500, currency: "gbp" }));
    expect(wrongCustomer).toMatchObject({ statusCode: 400, param: "invoice" });
    const wrongCurrency = await apiError(stripe.invoiceItems.create({ customer: stranger.id, invoice: strangersDraft.id, amount: 500, currency: "eur" }));
    expect(wrongCurrency).toMatchObject({ statusCode: 400, param: "currency" });
    const missing = await apiError(stripe.invoiceItems.create({ customer: customer.id, invoice: "in_missing", amount: 500, currency: "gbp" }));
    expect(missing).toMatchObject({ statusCode: 404, message: "No such invoice: 'in_missing'", param: "invoice" });
    expect(fake.state.invoiceItems.size).toBe(0);
    expect(strangersDraft.total).toBe(1500);
  });

  it("puts a pending invoice item on the customer's next subscription invoice, once", async () => {
    const subscription = await sendInvoiceSubscription();
    const pending = await stripe.invoiceItems.create({ customer: customer.id, amount: 2000, currency: "gbp", description: "Extra gateway", tax_rates: [catalog.vat.id] });
    expect(pending).toMatchObject({ invoice: null, period: { start: NOV_1, end: NOV_1 } });
    const otherCurrency = await stripe.invoiceItems.create({ customer: customer.id, amount: 900, currency: "eur" });
    const stranger = await createTenant(stripe, "t2");
    const strangers = await stripe.invoiceItems.create({ customer: stranger.id, amount: 700, currency: "gbp" });

    now = DEC_1;
    const november = fake.createDraftInvoice(subscription.id, NOVEMBER);
    expect(itemLines(november)).toMatchObject([{ amount: 2000, parent: { invoice_item_details: { invoice_item: pending.id } }, taxes: [{ amount: 400 }] }]);
    expect(november).toMatchObject({ status: "draft", subtotal: 3250, total: 3900 });
    expect((await stripe.invoiceItems.retrieve(pending.id)).invoice).toBe(november.id);
    expect((await stripe.invoiceItems.retrieve(otherCurrency.id)).invoice).toBeNull();
    expect((await stripe.invoiceItems.retrieve(strangers.id)).invoice).toBeNull();
    expect(fake.finalizeInvoice(november.id)).toMatchObject({ status: "open", total: 3900 });

    now = JAN_1;
    const december = fake.finalizeUpcomingInvoice(subscription.id, { periodStart: DEC_1, periodEnd: JAN_1 });
    expect(itemLines(december)).toEqual([]);
    expect(december).toMatchObject({ status: "open", subtotal: 1250, total: 1500 });
  });

  it("keeps an item created for one subscription off the customer's other subscription's invoice", async () => {
    const first = await sendInvoiceSubscription();
    const second = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: catalog.usagePrice.id }], collection_method: "send_invoice", days_until_due: 14 });
    const forSecond = await stripe.invoiceItems.create({ customer: customer.id, subscription: second.id, amount: 800, currency: "gbp" });
    expect(forSecond.parent).toEqual({ type: "subscription_details", subscription_details: { subscription: second.id } });

    now = DEC_1;
    expect(itemLines(fake.finalizeUpcomingInvoice(first.id, NOVEMBER))).toEqual([]);
    const secondInvoice = fake.finalizeUpcomingInvoice(second.id, NOVEMBER);
    expect(itemLines(secondInvoice)).toMatchObject([{ amount: 800, subscription: second.id, taxes: [] }]);
    expect(secondInvoice).toMatchObject({ total: 800, amount_due: 800 });
  });

  it("replays invoiceItems.create for a repeated Idempotency-Key without adding a second item or line", async () => {
    const subscription = await sendInvoiceSubscription();
    const draft = fake.createDraftInvoice(subscription.id, NOVEMBER);
    const params: Stripe.InvoiceItemCreateParams = { customer: customer.id, invoice: draft.id, amount: 4500, currency: "gbp", tax_rates: [catalog.vat.id] };

    const first = await stripe.invoiceItems.create(params, { idempotencyKey: "install:t1:2026-11" });
    const second = await stripe.invoiceItems.create(params, { idempotencyKey: "install:t1:2026-11" });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(fake.requestsTo("/v1/invoiceitems").map((request) => request.replayed)).toEqual([false, true]);
    expect(fake.state.invoiceItems.size).toBe(1);
    const invoice = await stripe.invoices.retrieve(draft.id);
    expect(itemLines(invoice)).toHaveLength(1);
    expect(invoice).toMatchObject({ subtotal: 5750, total: 6900 });

    const reused = await apiError(stripe.invoiceItems.create({ ...params, amount: 9000 }, { idempotencyKey: "install:t1:2026-11" }));
    expect(reused).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(fake.state.invoiceItems.size).toBe(1);
  });

  it("answers unmodelled or invalid invoice item params with a 400 instead of a wrong total", async () => {
    const missingAmount = await apiError(stripe.invoiceItems.create({ customer: customer.id, currency: "gbp" }));
    expect(missingAmount).toMatchObject({ statusCode: 400, message: "Missing required param: amount.", param: "amount" });
    const decimal = await apiError(stripe.invoiceItems.create({ customer: customer.id, currency: "gbp", unit_amount_decimal: Stripe.Decimal.from("1.5") }));
    expect(decimal).toMatchObject({ statusCode: 400, param: "unit_amount_decimal" });
    const noCurrency = await apiError(stripe.invoiceItems.create({ customer: customer.id, amount: 100 }));
    expect(noCurrency).toMatchObject({ statusCode: 400, message: "Missing required param: currency." });
    const badRate = await apiError(stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: "gbp", tax_rates: ["txr_missing"] }));
    expect(badRate).toMatchObject({ statusCode: 404, param: "tax_rates[0]" });
    const backwards = await apiError(stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: "gbp", period: { start: DEC_1, end: NOV_1 } }));
    expect(backwards).toMatchObject({ statusCode: 400, param: "period[end]" });
    expect(fake.state.invoiceItems.size).toBe(0);
  });
});
