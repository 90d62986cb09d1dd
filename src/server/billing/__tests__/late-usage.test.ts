import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomEui } from "../../../../test/device-fixtures";
import { openTestDatabase } from "../../../../test/database";
import { callerFor, createTenantWithTeam, createUser, unique } from "../../../../test/factories";
import { sendUplinks } from "../../../../test/traffic";
import { parsePeriodKey } from "@/domain/billing";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { devices, invoices, lateUsageSettlements } from "@/server/db/schema";
import { createConnection } from "@/server/network/connections";
import { closePeriod } from "../close-period";
import { issueInvoice } from "../invoices";
import { reconcilePeriod } from "../reconciliation";

let handle: DatabaseHandle;
let db: Database;
let staff: Awaited<ReturnType<typeof createUser>>;
let connectionId: string;

// Months nobody else's tests close (they share one PostgreSQL database): Jan–Mar 2026.
const january = parsePeriodKey("2026-01");
const february = parsePeriodKey("2026-02");
const march = parsePeriodKey("2026-03");

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  staff = await createUser(db, { platformRole: "billing" });
  connectionId = (await withPlatform(db, (tx) => createConnection(tx, { userId: staff.id, email: staff.email }, { name: unique("cs"), kind: "chirpstack" }))).id;
});
afterAll(() => handle.close());

/** A tenant on £4.00 per active device, 100 credits each, £10 per 1,000 credits above (1 p a credit), from January. */
async function tenantOnPlan(kind: "standard" | "internal" = "standard") {
  const billing = callerFor(db, staff.id);
  const plan = await billing.plans.create({ name: unique("Late plan"), kind, startsFrom: "2026-01", prices: { deviceMonthlyFeePence: 400, allowanceCreditsPerDevice: 100, pricePer1000CreditsPence: 1000 } as never });
  const team = await createTenantWithTeam(db);
  await billing.billingAccounts.assignPlan({ tenantId: team.tenant.id, planId: plan.id, paymentMethod: "invoice", paymentTermsDays: 30 });
  const [device] = await withPlatform(db, (tx) => tx.insert(devices).values({ tenantId: team.tenant.id, devEui: randomEui(), name: "Bin 1", activation: "otaa" }).returning());
  return { ...team, device: device! };
}

const issue = (tenantId: string, period: typeof january) => withPlatform(db, (tx) => issueInvoice(tx, tenantId, period, new Date(period.end.getTime() + 86_400_000)));
const reconciled = async (tenantId: string, period: typeof january) => (await withPlatform(db, (tx) => reconcilePeriod(tx, period))).find((r) => r.tenantId === tenantId)!;
const settlementsOf = (tenantId: string) => withPlatform(db, (tx) => tx.select().from(lateUsageSettlements).where(eq(lateUsageSettlements.tenantId, tenantId)).orderBy(lateUsageSettlements.settledPeriodStart));

describe("usage that arrives after its month was invoiced (local invoicing)", () => {
  it("is billed once as a late-usage line on the next invoice, and reconciliation shows it settled there", async () => {
    const t = await tenantOnPlan();
    // January: 150 one-credit uplinks → £4.00 + 50 credits over (50 p) = £4.50.
    await sendUplinks(db, connectionId, t.device.devEui, new Date("2026-01-10T08:00:00Z"), Array(150).fill(10));
    await closePeriod(db, january, null, new Date("2026-02-01T09:00:00Z"));
    const [jan] = await withPlatform(db, (tx) => tx.select().from(invoices).where(eq(invoices.tenantId, t.tenant.id)));
    expect(jan).toMatchObject({ subtotalPence: 450, totalPence: 540 });

    // 30 more January uplinks arrive after the invoice (a gateway's backlog): stored and in January's rollups,
    // but the issued invoice cannot change. Reconciliation shows the gap, with nothing carried yet.
    await sendUplinks(db, connectionId, t.device.devEui, new Date("2026-01-28T08:00:00Z"), Array(30).fill(10));
    expect(await reconciled(t.tenant.id, january)).toMatchObject({ outcome: "differs", lateUsage: { status: "outstanding", outstandingCredits: 30, invoiceNumbers: [] } });

    // February's invoice carries them, priced as January was: 30 credits above January's allowance = 30 p.
    await sendUplinks(db, connectionId, t.device.devEui, new Date("2026-02-05T08:00:00Z"), Array(10).fill(10));
    const feb = (await issue(t.tenant.id, february))!.invoice;
    expect(feb.lines.map((l) => [l.code, l.amountPence, l.usagePeriod ?? null])).toEqual([["device_fee", 400, null], ["late_usage", 30, "2026-01"]]);
    expect(feb.lines[1]!.description).toBe(`Late usage for January 2026: 30 credits (30 uplinks) reported after invoice ${jan!.number}, at that month's prices`);
    expect({ subtotal: feb.subtotalPence, vat: feb.vatPence, total: feb.totalPence }).toEqual({ subtotal: 430, vat: 86, total: 516 });

    // A retry or a second close bills nothing twice.
    expect((await issue(t.tenant.id, february))!.created).toBe(false);
    await closePeriod(db, february, null, new Date("2026-03-01T09:00:00Z"));
    expect((await settlementsOf(t.tenant.id)).map((s) => [s.credits, s.amountPence])).toEqual([[30, 30]]);

    // January now reads settled on February's invoice; February itself matches (its late line on both sides).
    expect(await reconciled(t.tenant.id, january)).toMatchObject({
      outcome: "settled",
      matches: true,
      lateUsage: { status: "settled", invoiceNumbers: [feb.number] },
      lateUsageLines: [{ invoiceId: feb.id, invoiceNumber: feb.number, settledPeriodKey: "2026-02", credits: 30, amountPence: 30 }],
    });
    expect(await reconciled(t.tenant.id, february)).toMatchObject({ outcome: "matches" });

    // More January usage after February was invoiced too goes on March's invoice, and only what is new.
    await sendUplinks(db, connectionId, t.device.devEui, new Date("2026-01-29T08:00:00Z"), Array(20).fill(10));
    const mar = (await issue(t.tenant.id, march))!.invoice;
    expect(mar.lines.filter((l) => l.code === "late_usage").map((l) => [l.usagePeriod, l.amountPence])).toEqual([["2026-01", 20]]);
    expect(await reconciled(t.tenant.id, january)).toMatchObject({ outcome: "settled", lateUsage: { invoiceNumbers: [feb.number, mar.number] } });
  });

  it("costs nothing while it fits in the month's allowance, and is still shown as settled", async () => {
    const t = await tenantOnPlan();
    await sendUplinks(db, connectionId, t.device.devEui, new Date("2026-01-10T08:00:00Z"), Array(40).fill(10));
    await issue(t.tenant.id, january);
    await sendUplinks(db, connectionId, t.device.devEui, new Date("2026-01-20T08:00:00Z"), Array(25).fill(10));
    const feb = (await issue(t.tenant.id, february))!.invoice;
    expect(feb.lines.find((l) => l.code === "late_usage")).toMatchObject({ amountPence: 0, description: expect.stringContaining("25 credits") });
    expect(feb.totalPence).toBe(0); // no device active in February, no usage, the late credits within January's allowance
    expect((await reconciled(t.tenant.id, january)).outcome).toBe("settled");
  });

  it("an internal tenant's late usage goes on its next statement at the notional price, charging nothing", async () => {
    const t = await tenantOnPlan("internal");
    await sendUplinks(db, connectionId, t.device.devEui, new Date("2026-01-10T08:00:00Z"), Array(100).fill(10));
    await issue(t.tenant.id, january);
    await sendUplinks(db, connectionId, t.device.devEui, new Date("2026-01-11T08:00:00Z"), Array(50).fill(10));
    const feb = (await issue(t.tenant.id, february))!.invoice;
    expect(feb).toMatchObject({ internal: true, totalPence: 0, notionalTotalPence: 60 });
    expect(feb.lines.map((l) => l.code)).toEqual(["device_fee", "late_usage"]);
  });
});
