import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { randomEui } from "../../../test/device-fixtures";
import { openTestDatabase } from "../../../test/database";
import { callerFor, captureMail, createTenantWithTeam, createUser, unique } from "../../../test/factories";
import { sendUplinks } from "../../../test/traffic";
import { periodContaining, periodKey } from "@/domain/billing";
import { withPlatform, withTenant, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { devices, invoices, lateUsageSettlements, meterReports, planVersions, stripeEvents, tenantBilling, tenants } from "@/server/db/schema";
import { createConnection } from "@/server/network/connections";
import { startFakeStripe, type FakeStripe } from "@/testing/fake-stripe";
import { signWebhook } from "@/testing/fake-stripe/webhook";
import { closePeriod } from "../billing/close-period";
import { issueInvoice } from "../billing/invoices";
import { reconcilePeriod } from "../billing/reconciliation";
import { stripeMeterUsage } from "./meter-usage";
import { openBillingPortal, startPaymentMethodCheckout } from "./payment-sessions";
import { USAGE_METER_EVENT } from "./stripe-client";
import { syncTenantToStripe } from "./sync-tenant";
import { reportUsage } from "./usage-reporter";
import { handleStripeWebhook } from "./webhook";

const WEBHOOK_SECRET = "whsec_test_longreach";
let handle: DatabaseHandle;
let db: Database;
let fake: FakeStripe;
let stripe: Stripe;
let staff: Awaited<ReturnType<typeof createUser>>;
let connectionId: string;

const now = new Date();
const period = periodContaining(now);
const earlier = new Date(Math.max(period.start.getTime(), now.getTime() - 2 * 3_600_000));
const unix = (d: Date) => Math.floor(d.getTime() / 1000);

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  fake = await startFakeStripe();
  stripe = fake.client({ maxNetworkRetries: 2 });
  staff = await createUser(db, { platformRole: "billing" });
  connectionId = (await withPlatform(db, (tx) => createConnection(tx, { userId: staff.id, email: staff.email }, { name: unique("cs"), kind: "chirpstack" }))).id;
});
afterAll(async () => {
  await fake.close();
  await handle.close();
});

/** A tenant on a £3/device plan with 10 credits per device and 50 p per 1,000 credits over, paying by invoice with a PO. */
async function stripeTenant(devicesCount = 2) {
  const team = await createTenantWithTeam(db);
  const billing = callerFor(db, staff.id);
  const plan = await billing.plans.create({ name: unique("Stripe plan"), kind: "standard", prices: { deviceMonthlyFeePence: 300, allowanceCreditsPerDevice: 10, pricePer1000CreditsPence: 500 } as never });
  await withPlatform(db, (tx) => tx.update(planVersions).set({ effectiveFrom: period.start }).where(eq(planVersions.planId, plan.id)));
  await billing.billingAccounts.assignPlan({ tenantId: team.tenant.id, planId: plan.id, paymentMethod: "invoice", poNumber: "PO-4410", paymentTermsDays: 30 });
  const list = [];
  for (let i = 0; i < devicesCount; i++) {
    const [d] = await withPlatform(db, (tx) => tx.insert(devices).values({ tenantId: team.tenant.id, devEui: randomEui(), name: `S${i}`, activation: "otaa" }).returning());
    list.push(d!);
  }
  return { ...team, devices: list, plan };
}

async function billingRow(tenantId: string) {
  const [row] = await withPlatform(db, (tx) => tx.select().from(tenantBilling).where(eq(tenantBilling.tenantId, tenantId)));
  return row!;
}

describe("Stripe customer and subscription", () => {
  it("creates one customer with the PO number and one subscription with device and metered items, however often it runs", async () => {
    const t = await stripeTenant();
    await sendUplinks(db, connectionId, t.devices[0]!.devEui, earlier, [5]);
    const first = await syncTenantToStripe(db, stripe, t.tenant.id, now);
    const second = await syncTenantToStripe(db, stripe, t.tenant.id, now);
    expect(second).toEqual(first);
    const customer = (await stripe.customers.retrieve(first!.customerId)) as Stripe.Customer;
    expect(customer.metadata.tenant_id).toBe(t.tenant.id);
    expect(customer.invoice_settings.custom_fields).toEqual([{ name: "PO number", value: "PO-4410" }, { name: "Payment terms", value: "30 days" }]);
    const subscription = await stripe.subscriptions.retrieve(first!.subscriptionId);
    expect(subscription.collection_method).toBe("send_invoice");
    expect(subscription.days_until_due).toBe(30);
    expect(subscription.items.data.map((i) => [i.price.recurring?.usage_type, i.quantity ?? null])).toEqual([["licensed", 1], ["metered", null]]);
    expect([...fake.state.customers.values()].filter((c) => c.metadata.tenant_id === t.tenant.id)).toHaveLength(1);

    // A second device becomes active: the quantity follows.
    await sendUplinks(db, connectionId, t.devices[1]!.devEui, earlier, [5]);
    await syncTenantToStripe(db, stripe, t.tenant.id, now);
    expect((await stripe.subscriptions.retrieve(first!.subscriptionId)).items.data[0]!.quantity).toBe(2);
  });
});

describe("payment method self-service", () => {
  it("opens Checkout in setup mode and the Customer Portal for the tenant's own customer only", async () => {
    const t = await stripeTenant(1);
    const { customerId } = (await syncTenantToStripe(db, stripe, t.tenant.id, now))!;
    const returnUrl = `http://localhost:3000/t/${t.tenant.slug}/billing`;
    const checkout = await withTenant(db, { tenantId: t.tenant.id }, (tx) => startPaymentMethodCheckout(tx, stripe, t.tenant.id, returnUrl));
    expect(checkout.url).toMatch(/^https?:\/\//);
    const session = [...fake.state.checkoutSessions.values()].at(-1)!;
    expect(session).toMatchObject({ mode: "setup", customer: customerId, currency: "gbp", cancel_url: returnUrl });
    fake.completeCheckoutSession(session.id);
    expect(((await stripe.customers.retrieve(customerId)) as Stripe.Customer).invoice_settings.default_payment_method).toMatch(/^pm_/);
    const portal = await withTenant(db, { tenantId: t.tenant.id }, (tx) => openBillingPortal(tx, stripe, t.tenant.id, returnUrl));
    expect(portal.url).toMatch(/^https?:\/\//);

    // A tenant not yet set up in Stripe gets a clear message, not someone else's customer.
    const other = await stripeTenant(1);
    await expect(withTenant(db, { tenantId: other.tenant.id }, (tx) => startPaymentMethodCheckout(tx, stripe, other.tenant.id, returnUrl))).rejects.toThrow(/not set up for this organisation yet/);
  });
});

describe("usage reporting to the Stripe meter", () => {
  it("reports the billable credits, only when they change, and Stripe's total equals the rollups", async () => {
    const t = await stripeTenant();
    const { customerId } = (await syncTenantToStripe(db, stripe, t.tenant.id, now))!;
    // 2 active devices × 10 credits allowance = 20; 25 uplinks of ≤24 bytes = 25 credits → 5 over.
    await sendUplinks(db, connectionId, t.devices[0]!.devEui, earlier, Array(20).fill(10));
    await sendUplinks(db, connectionId, t.devices[1]!.devEui, earlier, Array(5).fill(10));
    await reportUsage(db, stripe, now);
    expect(fake.meterTotal(USAGE_METER_EVENT, customerId, unix(period.start), unix(period.end))).toBe(5);
    const before = fake.requestsTo("/v1/billing/meter_events").length;
    await reportUsage(db, stripe, now);
    expect(fake.requestsTo("/v1/billing/meter_events").length).toBe(before);

    await sendUplinks(db, connectionId, t.devices[1]!.devEui, earlier, Array(7).fill(30)); // 7 × 2 credits = 14 more → 19 over
    await reportUsage(db, stripe, new Date(now.getTime() + 1000));
    expect(fake.meterTotal(USAGE_METER_EVENT, customerId, unix(period.start), unix(period.end))).toBe(19);
    // Reconciliation reads the same figure back through Stripe's event-summaries API.
    expect(await (await stripeMeterUsage(db, stripe, period))(customerId)).toBe(19);
  });

  it("retries after Stripe errors without ever reporting twice", async () => {
    const t = await stripeTenant(1);
    const { customerId } = (await syncTenantToStripe(db, stripe, t.tenant.id, now))!;
    await sendUplinks(db, connectionId, t.devices[0]!.devEui, earlier, Array(13).fill(1)); // 13 − 10 = 3 over
    fake.failNext("/v1/billing/meter_events", 3, "500"); // more failures than the SDK's 2 retries
    const first = await reportUsage(db, stripe, now);
    expect(first.failed).toBeGreaterThanOrEqual(1);
    const [pending] = await withPlatform(db, (tx) => tx.select().from(meterReports).where(eq(meterReports.tenantId, t.tenant.id)));
    expect(pending).toMatchObject({ status: "pending", attempts: 1 });
    expect(pending!.lastError).toMatch(/StripeAPIError: An unexpected error/);
    await reportUsage(db, stripe, now);
    expect(fake.meterTotal(USAGE_METER_EVENT, customerId, unix(period.start), unix(period.end))).toBe(3);
  });

  it("a Stripe timeout leaves the report pending for the next run, which delivers it once", async () => {
    const t = await stripeTenant(1);
    const { customerId } = (await syncTenantToStripe(db, stripe, t.tenant.id, now))!;
    await sendUplinks(db, connectionId, t.devices[0]!.devEui, earlier, Array(12).fill(1)); // 2 over
    fake.failNext("/v1/billing/meter_events", 1, "timeout");
    const impatient = fake.client({ timeout: 300, maxNetworkRetries: 0 });
    expect((await reportUsage(db, impatient, now)).failed).toBeGreaterThanOrEqual(1);
    const [pending] = await withPlatform(db, (tx) => tx.select().from(meterReports).where(eq(meterReports.tenantId, t.tenant.id)));
    expect(pending!.status).toBe("pending");
    await reportUsage(db, stripe, now);
    expect(fake.meterTotal(USAGE_METER_EVENT, customerId, unix(period.start), unix(period.end))).toBe(2);
  });

  it("survives a crash mid-run: after restart Stripe's meter totals equal the rollups", async () => {
    const tenantsUnderTest = [await stripeTenant(1), await stripeTenant(1), await stripeTenant(1)];
    const customers: string[] = [];
    for (const [i, t] of tenantsUnderTest.entries()) {
      customers.push((await syncTenantToStripe(db, stripe, t.tenant.id, now))!.customerId);
      await sendUplinks(db, connectionId, t.devices[0]!.devEui, earlier, Array(10 + (i + 1) * 4).fill(3)); // 4, 8, 12 over
    }
    // The reporter dies after Stripe accepted the second report but before recording it.
    let sends = 0;
    await expect(reportUsage(db, stripe, now, { afterSend: () => { if (++sends === 2) throw new Error("killed"); } })).rejects.toThrow("killed");
    const restarted = await reportUsage(db, stripe, now);
    expect(restarted.alreadyDelivered).toBeGreaterThanOrEqual(1);
    tenantsUnderTest.forEach((_, i) => {
      expect(fake.meterTotal(USAGE_METER_EVENT, customers[i]!, unix(period.start), unix(period.end))).toBe((i + 1) * 4);
    });
    for (const t of tenantsUnderTest) {
      const reports = await withPlatform(db, (tx) => tx.select().from(meterReports).where(eq(meterReports.tenantId, t.tenant.id)));
      expect(reports.map((r) => r.status)).toEqual(["sent"]);
    }
  });
});

describe("Stripe webhooks", () => {
  let t: Awaited<ReturnType<typeof stripeTenant>>;
  let stripeInvoice: Stripe.Invoice;
  const closed = { start: new Date("2026-09-01T00:00:00Z"), end: new Date("2026-10-01T00:00:00Z") };

  beforeEach(async () => {
    t = await stripeTenant(1);
    await withPlatform(db, (tx) => tx.update(planVersions).set({ effectiveFrom: closed.start }).where(eq(planVersions.planId, t.plan.id)));
    await sendUplinks(db, connectionId, t.devices[0]!.devEui, new Date("2026-09-15T10:00:00Z"), [10]);
    // Synced during September, as the running jobs would have: one active device on the subscription.
    const { subscriptionId } = (await syncTenantToStripe(db, stripe, t.tenant.id, new Date("2026-09-20T00:00:00Z")))!;
    stripeInvoice = fake.finalizeUpcomingInvoice(subscriptionId, { periodStart: unix(closed.start), periodEnd: unix(closed.end) });
  });

  const deliver = (event: Stripe.Event, secret = WEBHOOK_SECRET) => {
    const payload = JSON.stringify(event);
    return handleStripeWebhook(db, stripe, payload, signWebhook(payload, secret), WEBHOOK_SECRET, captureMail());
  };
  const localInvoice = async () => (await withPlatform(db, (tx) => tx.select().from(invoices).where(eq(invoices.tenantId, t.tenant.id))))[0]!;

  it("acts once per event: finalized links the invoice, paid marks it paid, a replay changes nothing", async () => {
    const finalized = fake.buildEvent("invoice.finalized", stripeInvoice);
    expect((await deliver(finalized)).body).toMatchObject({ handled: "invoice.finalized" });
    expect(await localInvoice()).toMatchObject({ stripeInvoiceId: stripeInvoice.id, mode: "stripe", status: "open", stripeTotalPence: stripeInvoice.total });
    // The local rating and Stripe agree: 1 device × 300 p, 1 credit (no overage); 20 % VAT → 360 p.
    expect((await localInvoice()).totalPence).toBe(360);
    expect(stripeInvoice.total).toBe(360);

    const paid = fake.buildEvent("invoice.paid", { ...stripeInvoice, status: "paid" });
    await deliver(paid);
    expect((await localInvoice()).status).toBe("paid");
    const replay = await deliver(paid);
    expect(replay.body).toMatchObject({ duplicate: true });
    const processed = await withPlatform(db, (tx) => tx.select().from(stripeEvents).where(eq(stripeEvents.id, paid.id)));
    expect(processed).toHaveLength(1);
  });

  it("handles paid arriving before finalized without moving the invoice backwards", async () => {
    await deliver(fake.buildEvent("invoice.paid", { ...stripeInvoice, status: "paid" }));
    await deliver(fake.buildEvent("invoice.finalized", stripeInvoice));
    expect((await localInvoice()).status).toBe("paid");
  });

  it("a failed payment makes the tenant past due; the later payment clears it", async () => {
    await deliver(fake.buildEvent("invoice.payment_failed", stripeInvoice));
    expect((await billingRow(t.tenant.id)).dunning.status).toBe("past_due");
    await deliver(fake.buildEvent("invoice.paid", { ...stripeInvoice, status: "paid" }));
    expect((await billingRow(t.tenant.id)).dunning.status).toBe("current");
  });

  it("refuses a bad signature with 400 and changes nothing", async () => {
    const event = fake.buildEvent("invoice.paid", { ...stripeInvoice, status: "paid" });
    const result = await deliver(event, "whsec_wrong");
    expect(result.status).toBe(400);
    expect(String(result.body.error)).toMatch(/signature/i);
    expect(await withPlatform(db, (tx) => tx.select().from(stripeEvents).where(eq(stripeEvents.id, event.id)))).toEqual([]);
  });

  it("closing the period locally afterwards issues nothing twice", async () => {
    await deliver(fake.buildEvent("invoice.finalized", stripeInvoice));
    await closePeriod(db, closed, null);
    const all = await withPlatform(db, (tx) => tx.select().from(invoices).where(eq(invoices.tenantId, t.tenant.id)));
    expect(all.map((i) => periodKey({ start: i.periodStart, end: i.periodEnd }))).toEqual(["2026-09"]);
    void tenants;
  });
});

describe("minimum monthly charge in Stripe mode", () => {
  it("adds the top-up to Stripe's draft once, so Stripe's invoice equals ours to the penny", async () => {
    const closed = { start: new Date("2026-09-01T00:00:00Z"), end: new Date("2026-10-01T00:00:00Z") };
    const team = await createTenantWithTeam(db);
    const billing = callerFor(db, staff.id);
    // £3/device, minimum £10/month: one active device → 300 p + 700 p top-up = 1,000 p, VAT 200 p → 1,200 p.
    const plan = await billing.plans.create({ name: unique("Minimum plan"), kind: "standard", startsFrom: "2026-09", prices: { deviceMonthlyFeePence: 300, allowanceCreditsPerDevice: 100, pricePer1000CreditsPence: 0, minimumMonthlyChargePence: 1000 } as never });
    await billing.billingAccounts.assignPlan({ tenantId: team.tenant.id, planId: plan.id, paymentMethod: "invoice", paymentTermsDays: 30 });
    const [device] = await withPlatform(db, (tx) => tx.insert(devices).values({ tenantId: team.tenant.id, devEui: randomEui(), name: "S", activation: "otaa" }).returning());
    await sendUplinks(db, connectionId, device!.devEui, new Date("2026-09-10T10:00:00Z"), [10]);
    const { subscriptionId } = (await syncTenantToStripe(db, stripe, team.tenant.id, new Date("2026-09-20T00:00:00Z")))!;

    const draft = fake.createDraftInvoice(subscriptionId, { periodStart: unix(closed.start), periodEnd: unix(closed.end) });
    const created = fake.buildEvent("invoice.created", draft);
    const deliver = (event: Stripe.Event) => {
      const payload = JSON.stringify(event);
      return handleStripeWebhook(db, stripe, payload, signWebhook(payload, WEBHOOK_SECRET), WEBHOOK_SECRET, captureMail());
    };
    await deliver(created);
    // A second delivery of the same event (and a fresh event for the same draft) add nothing more.
    await deliver(created);
    await deliver(fake.buildEvent("invoice.created", draft));
    const finalized = fake.finalizeInvoice(draft.id);
    expect(finalized.lines.data.filter((line) => /Minimum monthly charge/i.test(line.description ?? ""))).toHaveLength(1);

    await deliver(fake.buildEvent("invoice.finalized", finalized));
    const [local] = await withPlatform(db, (tx) => tx.select().from(invoices).where(eq(invoices.tenantId, team.tenant.id)));
    expect(local!.totalPence).toBe(1200);
    expect(finalized.total).toBe(1200);
    expect(local!.stripeTotalPence).toBe(1200);
  });
});

describe("late usage in Stripe mode", () => {
  it("goes onto the next draft as one invoice item, whatever the webhook deliveries, and our invoice matches Stripe's", async () => {
    const september = { start: new Date("2026-09-01T00:00:00Z"), end: new Date("2026-10-01T00:00:00Z") };
    const october = { start: new Date("2026-10-01T00:00:00Z"), end: new Date("2026-11-01T00:00:00Z") };
    const t = await stripeTenant(1);
    await withPlatform(db, (tx) => tx.update(planVersions).set({ effectiveFrom: september.start }).where(eq(planVersions.planId, t.plan.id)));
    const deliver = (event: Stripe.Event) => {
      const payload = JSON.stringify(event);
      return handleStripeWebhook(db, stripe, payload, signWebhook(payload, WEBHOOK_SECRET), WEBHOOK_SECRET, captureMail());
    };
    await sendUplinks(db, connectionId, t.devices[0]!.devEui, new Date("2026-09-15T10:00:00Z"), [10]);
    const { subscriptionId, customerId } = (await syncTenantToStripe(db, stripe, t.tenant.id, new Date("2026-09-20T00:00:00Z")))!;
    // September is invoiced by Stripe and, on finalization, here: 1 device × 300 p, 1 credit (no overage) → 360 p.
    const septemberInvoice = fake.finalizeUpcomingInvoice(subscriptionId, { periodStart: unix(september.start), periodEnd: unix(september.end) });
    await deliver(fake.buildEvent("invoice.finalized", septemberInvoice));

    // 50 September uplinks arrive after that: 51 credits, 41 over the 10 allowed → 41 × 0.5 p = 20.5 → 21 p more.
    await sendUplinks(db, connectionId, t.devices[0]!.devEui, new Date("2026-09-28T10:00:00Z"), Array(50).fill(10));
    // The meter keeps September at what the invoice billed, so Stripe cannot bill the late credits there too.
    await reportUsage(db, stripe, new Date("2026-10-02T00:00:00Z"));
    expect(fake.meterTotal(USAGE_METER_EVENT, customerId, unix(september.start), unix(september.end))).toBe(0);

    // The device keeps reporting in October (so Stripe's per-device quantity and ours agree), then Stripe
    // drafts October; the webhook is delivered twice, and once more as a fresh event.
    await sendUplinks(db, connectionId, t.devices[0]!.devEui, new Date("2026-10-10T10:00:00Z"), [10]);
    const draft = fake.createDraftInvoice(subscriptionId, { periodStart: unix(october.start), periodEnd: unix(october.end) });
    const created = fake.buildEvent("invoice.created", draft);
    await deliver(created);
    await deliver(created);
    await deliver(fake.buildEvent("invoice.created", draft));
    const finalized = fake.finalizeInvoice(draft.id);
    const lateItems = finalized.lines.data.filter((line) => /^Late usage for September 2026/.test(line.description ?? ""));
    expect(lateItems.map((line) => line.amount)).toEqual([21]);

    // Our October invoice, issued on finalization, carries the same line and the same total: 300 + 21 = 321 p, VAT 64 p.
    await deliver(fake.buildEvent("invoice.finalized", finalized));
    const [local] = await withPlatform(db, (tx) => tx.select().from(invoices).where(and(eq(invoices.tenantId, t.tenant.id), eq(invoices.periodStart, october.start))));
    expect(local!.lines.map((l) => [l.code, l.amountPence])).toEqual([["device_fee", 300], ["late_usage", 21]]);
    expect({ ours: local!.totalPence, stripe: finalized.total, recorded: local!.stripeTotalPence }).toEqual({ ours: 385, stripe: 385, recorded: 385 });

    // A replay of the draft's event after finalization adds nothing; September reads settled on October's invoice.
    await deliver(created);
    expect((await withPlatform(db, (tx) => tx.select().from(lateUsageSettlements).where(eq(lateUsageSettlements.tenantId, t.tenant.id)))).map((s) => [s.amountPence, s.stripeInvoiceId])).toEqual([[21, draft.id]]);
    const meter = await stripeMeterUsage(db, stripe, september);
    const september1 = (await withPlatform(db, (tx) => reconcilePeriod(tx, september, meter))).find((r) => r.tenantId === t.tenant.id)!;
    expect(september1).toMatchObject({ outcome: "settled", lateUsage: { invoiceNumbers: [local!.number] }, stripe: { reportedOverageCredits: 0, expectedOverageCredits: 0 } });
  });

  it("a draft for a period staff already invoiced here is left alone; the late usage waits for the next draft", async () => {
    const september = { start: new Date("2026-09-01T00:00:00Z"), end: new Date("2026-10-01T00:00:00Z") };
    const october = { start: new Date("2026-10-01T00:00:00Z"), end: new Date("2026-11-01T00:00:00Z") };
    const t = await stripeTenant(1);
    await withPlatform(db, (tx) => tx.update(planVersions).set({ effectiveFrom: september.start }).where(eq(planVersions.planId, t.plan.id)));
    await sendUplinks(db, connectionId, t.devices[0]!.devEui, new Date("2026-09-15T10:00:00Z"), [10]);
    const { subscriptionId } = (await syncTenantToStripe(db, stripe, t.tenant.id, new Date("2026-09-20T00:00:00Z")))!;
    await withPlatform(db, (tx) => issueInvoice(tx, t.tenant.id, september));
    await sendUplinks(db, connectionId, t.devices[0]!.devEui, new Date("2026-09-28T10:00:00Z"), Array(50).fill(10));
    // Staff close October here before Stripe's draft webhook arrives: our October invoice has no late line,
    // so the draft must not get one either, or the two would differ.
    await withPlatform(db, (tx) => issueInvoice(tx, t.tenant.id, october));
    fake.finalizeUpcomingInvoice(subscriptionId, { periodStart: unix(september.start), periodEnd: unix(september.end) });
    const draft = fake.createDraftInvoice(subscriptionId, { periodStart: unix(october.start), periodEnd: unix(october.end) });
    const payload = JSON.stringify(fake.buildEvent("invoice.created", draft));
    await handleStripeWebhook(db, stripe, payload, signWebhook(payload, WEBHOOK_SECRET), WEBHOOK_SECRET, captureMail());
    expect(fake.finalizeInvoice(draft.id).lines.data.some((line) => /Late usage/.test(line.description ?? ""))).toBe(false);
    expect(await withPlatform(db, (tx) => tx.select().from(lateUsageSettlements).where(eq(lateUsageSettlements.tenantId, t.tenant.id)))).toEqual([]);
  });
});
