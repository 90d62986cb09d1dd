import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomEui } from "../../../../test/device-fixtures";
import { trpcErrorOf as errorOf } from "../../../../test/trpc-errors";
import { openTestDatabase, refuseInserts } from "../../../../test/database";
import { callerFor, captureMail, createTenantWithTeam, createUser, unique } from "../../../../test/factories";
import { sendUplinks } from "../../../../test/traffic";
import { formatInvoiceAmount, invoiceAmount, parsePeriodKey } from "@/domain/billing";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { devices, invoices, tenants, usageHourly } from "@/server/db/schema";
import { createConnection } from "@/server/network/connections";
import { closePeriod } from "../close-period";
import { dunningSweep } from "../dunning";
import { reconcilePeriod } from "../reconciliation";

let handle: DatabaseHandle;
let db: Database;
let staff: Awaited<ReturnType<typeof createUser>>;
let connectionId: string;

// A period safely in the past, so closing it is allowed; test plans start from it.
const period = parsePeriodKey("2026-09");
const inPeriod = new Date("2026-09-10T08:00:00Z");



async function tenantWithDevices(count: number) {
  const team = await createTenantWithTeam(db);
  const list = [];
  for (let i = 0; i < count; i++) {
    const [d] = await withPlatform(db, (tx) => tx.insert(devices).values({ tenantId: team.tenant.id, devEui: randomEui(), name: `Sensor ${i + 1}`, activation: "otaa" }).returning());
    list.push(d!);
  }
  return { ...team, devices: list };
}

/** A plan whose first version applies from `period`. */
async function planFrom(prices: Record<string, number | boolean>, kind: "standard" | "internal" = "standard") {
  const billing = callerFor(db, staff.id);
  return billing.plans.create({ name: unique("Plan"), kind, startsFrom: "2026-09", prices: { deviceMonthlyFeePence: 0, allowanceCreditsPerDevice: 0, pricePer1000CreditsPence: 0, ...prices } as never });
}

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  staff = await createUser(db, { platformRole: "billing" });
  connectionId = (await withPlatform(db, (tx) => createConnection(tx, { userId: staff.id, email: staff.email }, { name: unique("cs"), kind: "chirpstack" }))).id;
});
afterAll(() => handle.close());

describe("a billing period from traffic to invoice", () => {
  it("invoices exactly what the uplinks earned, once, and reconciles to the penny", async () => {
    // £4.00 per active device, 100 credits each pooled, £0.80 per 1,000 credits over, 20 % VAT.
    const plan = await planFrom({ deviceMonthlyFeePence: 400, allowanceCreditsPerDevice: 100, pricePer1000CreditsPence: 80 });
    const t = await tenantWithDevices(3);
    const billing = callerFor(db, staff.id);
    await billing.billingAccounts.assignPlan({ tenantId: t.tenant.id, planId: plan.id, paymentMethod: "invoice", poNumber: "PO-7781", paymentTermsDays: 30 });

    // Device 1: 150 uplinks of 24 bytes (1 credit each) = 150 credits. Device 2: 60 uplinks of 25 bytes
    // (2 credits each) = 120 credits. Device 3: silent (inactive, no fee). A duplicate delivery of
    // device 2's batch adds nothing. Credits 270, allowance 2 × 100 = 200, overage 70 → 70 × 80 / 1000
    // = 5.6 → 6 p. Net 2 × 400 + 6 = 806 p; VAT 161.2 → 161 p; total 967 p.
    await sendUplinks(db, connectionId, t.devices[0]!.devEui, inPeriod, Array(150).fill(24));
    const retried = new Date("2026-09-20T12:00:00Z");
    await sendUplinks(db, connectionId, t.devices[1]!.devEui, retried, Array(60).fill(25));
    // Traffic just outside the period is not billed in it.
    await sendUplinks(db, connectionId, t.devices[2]!.devEui, new Date("2026-10-01T00:00:00Z"), [10]);

    const summary = await billing.invoices.closePeriod({ period: "2026-09" });
    expect(summary.issued).toBeGreaterThanOrEqual(1);
    const again = await billing.invoices.closePeriod({ period: "2026-09" });
    expect(again.issued).toBe(0);

    const list = await billing.invoices.list({ tenantId: t.tenant.id, page: 1, pageSize: 10 });
    expect(list.total).toBe(1);
    const invoice = await billing.invoices.get({ tenantId: t.tenant.id, invoiceId: list.rows[0]!.id });
    expect(invoice.lines.map((l) => [l.code, l.quantity, l.amountPence])).toEqual([["device_fee", 2, 800], ["overage", 70, 6]]);
    expect({ subtotal: invoice.subtotalPence, vat: invoice.vatPence, total: invoice.totalPence }).toEqual({ subtotal: 806, vat: 161, total: 967 });
    expect(invoice).toMatchObject({ status: "open", mode: "local", poNumber: "PO-7781", internal: false });
    expect(invoice.number).toMatch(/^LR-2026-\d{6}$/);
    expect(invoice.devices.map((d) => [d.name, d.uplinks, d.credits, d.feePence]).sort()).toEqual([["Sensor 1", 150, 150, 400], ["Sensor 2", 60, 120, 400]]);

    // The tenant sees the same invoice; its figures come from the same rows.
    const tenantView = await callerFor(db, t.owner.id, t.tenant.slug).billing.invoice({ invoiceId: invoice.id });
    expect(tenantView.totalPence).toBe(967);

    const reconciliation = await withPlatform(db, (tx) => reconcilePeriod(tx, period));
    const mine = reconciliation.find((r) => r.tenantId === t.tenant.id)!;
    expect(mine).toMatchObject({ matches: true, outcome: "matches", billed: { pence: 967, notional: false }, recomputed: { pence: 967, notional: false } });
  });

  it("reconciliation finds a difference between the rollups billed and the raw uplinks", async () => {
    const plan = await planFrom({ deviceMonthlyFeePence: 100, allowanceCreditsPerDevice: 0, pricePer1000CreditsPence: 1000 });
    const t = await tenantWithDevices(1);
    await callerFor(db, staff.id).billingAccounts.assignPlan({ tenantId: t.tenant.id, planId: plan.id, paymentMethod: "invoice", paymentTermsDays: 30 });
    await sendUplinks(db, connectionId, t.devices[0]!.devEui, inPeriod, Array(10).fill(5));
    // Corrupt the rollup (as a bug in metering would): 10 credits become 13, so the invoice overbills 3 p.
    await withPlatform(db, (tx) => tx.update(usageHourly).set({ credits: 13 }).where(eq(usageHourly.deviceId, t.devices[0]!.id)));
    await closePeriod(db, period, null);
    const result = (await withPlatform(db, (tx) => reconcilePeriod(tx, period))).find((r) => r.tenantId === t.tenant.id)!;
    expect(result.matches).toBe(false);
    expect(result.outcome).toBe("differs");
    expect(result.billed.pence - result.recomputed.pence).toBe(4); // 3 p net + 20 % VAT (0.6 → 1 p)
  });

  it("an internal plan produces a zero-total cross-charging statement with what it would have cost", async () => {
    const plan = await planFrom({ deviceMonthlyFeePence: 250, allowanceCreditsPerDevice: 1000, pricePer1000CreditsPence: 50 }, "internal");
    const t = await tenantWithDevices(2);
    await callerFor(db, staff.id).billingAccounts.assignPlan({ tenantId: t.tenant.id, planId: plan.id, paymentMethod: "invoice", paymentTermsDays: 30 });
    await sendUplinks(db, connectionId, t.devices[0]!.devEui, inPeriod, [12, 12]);
    await sendUplinks(db, connectionId, t.devices[1]!.devEui, inPeriod, [12]);
    await closePeriod(db, period, null);
    const [statement] = await withPlatform(db, (tx) => tx.select().from(invoices).where(eq(invoices.tenantId, t.tenant.id)));
    // 2 devices × £2.50 = 500 p net, VAT 100 p → notional 600 p; charged nothing.
    expect(statement).toMatchObject({ internal: true, totalPence: 0, notionalTotalPence: 600, status: "paid" });

    // Invoices and Reconciliation show the same figure for it, labelled notional — never "£0.00 billed".
    const [listed] = (await callerFor(db, staff.id).invoices.list({ tenantId: t.tenant.id, page: 1, pageSize: 10 })).rows;
    const reconciled = (await callerFor(db, staff.id).incomeReports.reconcile({ period: "2026-09" })).find((r) => r.tenantId === t.tenant.id)!;
    expect(formatInvoiceAmount(invoiceAmount(listed!))).toBe("notional £6.00");
    expect(reconciled).toMatchObject({ outcome: "matches", billed: { pence: 600, notional: true }, recomputed: { pence: 600, notional: true } });
  });

  it("a tenant whose invoice cannot be issued fails alone, and takes no invoice number with it", async () => {
    const good = await tenantWithDevices(1);
    const bad = await tenantWithDevices(1);
    const billing = callerFor(db, staff.id);
    await billing.billingAccounts.assignPlan({ tenantId: good.tenant.id, planId: (await planFrom({ deviceMonthlyFeePence: 300 })).id, paymentMethod: "invoice", paymentTermsDays: 30 });
    // A plan that starts after the month: rating the month for it is an error.
    const later = await billing.plans.create({ name: unique("Later plan"), kind: "standard", startsFrom: "2026-10", prices: { deviceMonthlyFeePence: 300, allowanceCreditsPerDevice: 0, pricePer1000CreditsPence: 0 } as never });
    await billing.billingAccounts.assignPlan({ tenantId: bad.tenant.id, planId: later.id, paymentMethod: "invoice", paymentTermsDays: 30 });
    for (const t of [good, bad]) await sendUplinks(db, connectionId, t.devices[0]!.devEui, inPeriod, [10]);

    const summary = await closePeriod(db, period, null);
    expect(summary.failed.map((f) => f.tenantId)).toContain(bad.tenant.id);
    const issued = await withPlatform(db, (tx) => tx.select().from(invoices).where(inArray(invoices.tenantId, [good.tenant.id, bad.tenant.id])));
    expect(issued.map((i) => i.tenantId)).toEqual([good.tenant.id]);
    // Numbers stay gap-free however issuers interleave: the highest number of the year is how many there are.
    const [numbers] = await withPlatform(db, (tx) =>
      tx.select({ count: sql<number>`count(*)::int`, highest: sql<number>`max(split_part(${invoices.number}, '-', 3)::int)` }).from(invoices).where(sql`split_part(${invoices.number}, '-', 2) = ${issued[0]!.number.split("-")[1]}`),
    );
    expect(numbers!.highest).toBe(numbers!.count);
  });

  it("a tenant whose invoice the database refuses fails alone too: its group is issued again tenant by tenant", async () => {
    const tenants = [await tenantWithDevices(1), await tenantWithDevices(1), await tenantWithDevices(1)];
    const plan = await planFrom({ deviceMonthlyFeePence: 300 });
    for (const t of tenants) {
      await callerFor(db, staff.id).billingAccounts.assignPlan({ tenantId: t.tenant.id, planId: plan.id, paymentMethod: "invoice", paymentTermsDays: 30 });
      await sendUplinks(db, connectionId, t.devices[0]!.devEui, inPeriod, [10]);
    }
    const refused = tenants[1]!.tenant.id;
    // The database refuses this one tenant's invoice (as a constraint or a full disk might), which fails the whole group's insert.
    const allow = await refuseInserts(db, "invoices", "tenant_id", refused, "invoice refused for this test");
    try {
      const summary = await closePeriod(db, period, null, undefined, tenants.map((t) => t.tenant.id));
      expect(summary).toMatchObject({ issued: 2, failed: [{ tenantId: refused, tenantName: tenants[1]!.tenant.name, error: expect.stringContaining("invoice refused for this test") }] });
    } finally {
      await allow();
    }
    const issued = await withPlatform(db, (tx) => tx.select().from(invoices).where(inArray(invoices.tenantId, tenants.map((t) => t.tenant.id))));
    expect(issued.map((i) => i.tenantId).sort()).toEqual([tenants[0]!.tenant.id, tenants[2]!.tenant.id].sort());
    const [numbers] = await withPlatform(db, (tx) =>
      tx.select({ count: sql<number>`count(*)::int`, highest: sql<number>`max(split_part(${invoices.number}, '-', 3)::int)` }).from(invoices).where(sql`split_part(${invoices.number}, '-', 2) = ${issued[0]!.number.split("-")[1]}`),
    );
    expect(numbers!.highest).toBe(numbers!.count);
  });

  it("refuses to close a month that has not ended", async () => {
    const now = new Date();
    const current = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}`;
    expect(await errorOf(callerFor(db, staff.id).invoices.closePeriod({ period: current }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("has not ended yet") });
    expect(await errorOf(callerFor(db, staff.id).invoices.closePeriod({ period: "2026-13" }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("2026-11") });
  });
});

describe("revenue by gateway area", () => {
  it("shares each invoice's net amount among the gateways that carried the tenant's uplinks", async () => {
    const plan = await planFrom({ deviceMonthlyFeePence: 400, allowanceCreditsPerDevice: 1000, pricePer1000CreditsPence: 0 });
    const t = await tenantWithDevices(1);
    await callerFor(db, staff.id).billingAccounts.assignPlan({ tenantId: t.tenant.id, planId: plan.id, paymentMethod: "invoice", paymentTermsDays: 30 });
    const [a, b] = [randomEui(), randomEui()];
    // Receptions: gateway A hears all 4 uplinks, gateway B one of them → 4 : 1 of the 400 p net → 320 p and 80 p.
    await sendUplinks(db, connectionId, t.devices[0]!.devEui, inPeriod, [10, 10, 10], [a]);
    await sendUplinks(db, connectionId, t.devices[0]!.devEui, new Date("2026-09-11T08:00:00Z"), [10], [a, b]);
    await closePeriod(db, period, null);
    const areas = await callerFor(db, staff.id).incomeReports.byGateway({ period: "2026-09" });
    expect(areas.filter((r) => r.gatewayEui === a || r.gatewayEui === b).map((r) => [r.gatewayEui, r.receptions, r.revenuePence])).toEqual([[a, 4, 320], [b, 1, 80]]);
  });
});

describe("plans", () => {
  it("a price change applies from the next period, never to the current one", async () => {
    const billing = callerFor(db, staff.id);
    const plan = await billing.plans.create({ name: unique("Business"), kind: "standard", prices: { deviceMonthlyFeePence: 500, allowanceCreditsPerDevice: 1000, pricePer1000CreditsPence: 7 } as never });
    const change = await billing.plans.changePrices({ planId: plan.id, prices: { deviceMonthlyFeePence: 600, allowanceCreditsPerDevice: 1000, pricePer1000CreditsPence: 7 } as never });
    const now = new Date();
    expect(change.effectiveFrom).toEqual(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)));
    // Changing again before then replaces the pending version instead of stacking another.
    const again = await billing.plans.changePrices({ planId: plan.id, prices: { deviceMonthlyFeePence: 650, allowanceCreditsPerDevice: 1000, pricePer1000CreditsPence: 7 } as never });
    expect(again.version).toBe(change.version);
    const listed = (await billing.plans.list()).find((p) => p.id === plan.id)!;
    expect(listed.versions.map((v) => [v.version, v.deviceMonthlyFeePence])).toEqual([[2, 650], [1, 500]]);
  });

  it("validates prices with clear messages", async () => {
    const error = await errorOf(callerFor(db, staff.id).plans.create({ name: "X", kind: "standard", prices: { deviceMonthlyFeePence: -1, allowanceCreditsPerDevice: 1.5, pricePer1000CreditsPence: 0 } as never }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("Give the plan a name");
    expect(error.message).toContain("Device fee cannot be negative");
    expect(error.message).toContain("Allowance must be whole credits");
  });
});

describe("dunning", () => {
  it("overdue → past due → approval asked → suspended → paid → reactivated, audited, never suspended without approval", async () => {
    const plan = await planFrom({ deviceMonthlyFeePence: 1000, allowanceCreditsPerDevice: 0, pricePer1000CreditsPence: 0, paymentGraceDays: 7 });
    const t = await tenantWithDevices(1);
    const billing = callerFor(db, staff.id, null);
    await billing.billingAccounts.assignPlan({ tenantId: t.tenant.id, planId: plan.id, paymentMethod: "invoice", paymentTermsDays: 30 });
    await sendUplinks(db, connectionId, t.devices[0]!.devEui, inPeriod, [10]);
    const issuedAt = new Date("2026-10-01T09:00:00Z");
    await closePeriod(db, period, null, issuedAt);
    const mail = captureMail();

    const dueDate = new Date("2026-10-31T09:00:00Z");
    await dunningSweep(db, mail, new Date(dueDate.getTime() + 60_000));
    const status = async () => (await withPlatform(db, (tx) => tx.select({ s: tenants.status }).from(tenants).where(eq(tenants.id, t.tenant.id))))[0]!.s;
    const accounts = async () => (await billing.billingAccounts.list({ search: t.tenant.name })).rows.find((a) => a.tenantId === t.tenant.id)!;
    const behind = async () => (await billing.billingAccounts.list({ search: t.tenant.name, payments: "behind" })).rows.map((a) => a.tenantId);
    expect((await accounts()).dunningStatus).toBe("past_due");
    expect(await behind()).toEqual([t.tenant.id]);
    expect(mail.sent.map((m) => m.subject)).toContain(`Payment failed · ${t.tenant.name}`);

    // Within grace nothing more happens; after 7 days, staff are asked — the tenant is not suspended.
    await dunningSweep(db, mail, new Date(dueDate.getTime() + 3 * 86_400_000));
    expect((await accounts()).dunningStatus).toBe("past_due");
    await dunningSweep(db, mail, new Date(dueDate.getTime() + 8 * 86_400_000));
    expect((await accounts()).dunningStatus).toBe("suspension_pending_approval");
    expect(await status()).toBe("active");
    expect((await billing.billingAccounts.awaitingSuspension()).map((a) => a.tenantId)).toContain(t.tenant.id);

    await billing.billingAccounts.decideSuspension({ tenantId: t.tenant.id, approve: true });
    expect(await status()).toBe("suspended");

    const [invoice] = (await billing.invoices.list({ tenantId: t.tenant.id, page: 1, pageSize: 5 })).rows;
    await billing.invoices.markPaid({ tenantId: t.tenant.id, invoiceId: invoice!.id });
    expect(await status()).toBe("active");
    expect((await accounts()).dunningStatus).toBe("current");
    expect(await behind()).toEqual([]);
    expect(await errorOf(billing.invoices.markPaid({ tenantId: t.tenant.id, invoiceId: invoice!.id }))).toMatchObject({ code: "CONFLICT" });

    const audit = await callerFor(db, (await createUser(db, { platformRole: "operator" })).id).audit.list({ tenantId: t.tenant.id, page: 1, pageSize: 50 });
    expect(audit.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(["dunning.payment_failed", "dunning.grace_elapsed", "dunning.suspension_approved", "tenant.suspended", "invoice.marked_paid", "dunning.paid", "tenant.active"]),
    );
  });
});

describe("budgets and exports", () => {
  it("alerts once at each threshold of the tenant's cap", async () => {
    const { checkBudgets } = await import("../budgets");
    const plan = await planFrom({ deviceMonthlyFeePence: 1000, allowanceCreditsPerDevice: 0, pricePer1000CreditsPence: 0, vatRateBasisPoints: 0 });
    const t = await tenantWithDevices(1);
    await callerFor(db, staff.id).billingAccounts.assignPlan({ tenantId: t.tenant.id, planId: plan.id, paymentMethod: "invoice", paymentTermsDays: 30 });
    await callerFor(db, t.owner.id, t.tenant.slug).billing.setBudget({ capPence: 1500 });
    const now = new Date();
    await sendUplinks(db, connectionId, t.devices[0]!.devEui, new Date(now.getTime() - 3_600_000), [10]);
    const mail = captureMail();
    await checkBudgets(db, mail, now);
    await checkBudgets(db, mail, now);
    // Spend 1,000 p of 1,500 p = 66 %: the 50 % alert, once.
    expect(mail.sent.filter((m) => m.to === t.tenant.billingEmail).map((m) => m.subject)).toEqual([`${t.tenant.name}: 50% of your monthly budget used`]);
  });

  it("exports invoices and device usage lines as CSV for the finance system", async () => {
    const plan = await planFrom({ deviceMonthlyFeePence: 300, allowanceCreditsPerDevice: 10, pricePer1000CreditsPence: 0 });
    const t = await tenantWithDevices(1);
    await callerFor(db, staff.id).billingAccounts.assignPlan({ tenantId: t.tenant.id, planId: plan.id, paymentMethod: "invoice", poNumber: "=cmd", paymentTermsDays: 30 });
    await sendUplinks(db, connectionId, t.devices[0]!.devEui, inPeriod, [24, 24]);
    await closePeriod(db, period, null);
    const billing = callerFor(db, staff.id);
    const invoicesCsv = (await billing.incomeReports.exportInvoices({ from: "2026-09", to: "2026-09" })).csv;
    const row = invoicesCsv.split("\r\n").find((line) => line.includes(t.tenant.slug))!;
    expect(row).toContain(",2026-09,");
    expect(row).toContain(",'=cmd,3.00,20.00,0.60,3.60,");
    const usageCsv = (await billing.incomeReports.exportDeviceUsage({ period: "2026-09" })).csv;
    expect(usageCsv.split("\r\n").find((line) => line.includes(t.devices[0]!.devEui))).toMatch(/,Sensor 1,yes,2,2,48,3\.00$/);
  });
});

describe("plan start", () => {
  it("may start in an earlier month but never in a future one", async () => {
    const next = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 1));
    const key = `${next.getUTCFullYear()}-${String(next.getUTCMonth() + 1).padStart(2, "0")}`;
    const error = await errorOf(callerFor(db, staff.id).plans.create({ name: unique("Future"), kind: "standard", startsFrom: key, prices: { deviceMonthlyFeePence: 1, allowanceCreditsPerDevice: 0, pricePer1000CreditsPence: 0 } as never }));
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("current month or an earlier one") });
  });
});
