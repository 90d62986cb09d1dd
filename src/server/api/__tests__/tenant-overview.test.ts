import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomEui } from "../../../../test/device-fixtures";
import { trpcErrorOf as errorOf } from "../../../../test/trpc-errors";
import { openTestDatabase } from "../../../../test/database";
import { callerFor, createTenantWithTeam, createUser, unique } from "../../../../test/factories";
import { sendUplinks } from "../../../../test/traffic";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { devices } from "@/server/db/schema";
import { issueInvoice } from "@/server/billing/invoices";
import { createConnection } from "@/server/network/connections";
import { parsePeriodKey } from "@/domain/billing";

let handle: DatabaseHandle;
let db: Database;
let operator: Awaited<ReturnType<typeof createUser>>;
let billingStaff: Awaited<ReturnType<typeof createUser>>;
let connectionId: string;

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  operator = await createUser(db, { platformRole: "operator" });
  billingStaff = await createUser(db, { platformRole: "billing" });
  connectionId = (await withPlatform(db, (tx) => createConnection(tx, { userId: operator.id, email: operator.email }, { name: unique("cs"), kind: "chirpstack" }))).id;
});
afterAll(() => handle.close());

async function tenantWithTraffic() {
  const team = await createTenantWithTeam(db);
  const plan = await callerFor(db, billingStaff.id).plans.create({ name: unique("Plan"), kind: "standard", startsFrom: "2026-06", prices: { deviceMonthlyFeePence: 300, allowanceCreditsPerDevice: 100, pricePer1000CreditsPence: 50 } as never });
  await callerFor(db, billingStaff.id).billingAccounts.assignPlan({ tenantId: team.tenant.id, planId: plan.id, paymentMethod: "invoice", paymentTermsDays: 30 });
  const [device] = await withPlatform(db, (tx) => tx.insert(devices).values({ tenantId: team.tenant.id, devEui: randomEui(), name: unique("Bin"), activation: "otaa" }).returning());
  await sendUplinks(db, connectionId, device!.devEui, new Date("2026-06-10T08:00:00Z"), [10, 10]);
  // This month, whatever day it is (never before its first instant).
  const now = new Date();
  await sendUplinks(db, connectionId, device!.devEui, new Date(Math.max(now.getTime() - 3_600_000, Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))), [10, 10, 10]);
  const june = (await withPlatform(db, (tx) => issueInvoice(tx, team.tenant.id, parsePeriodKey("2026-06"))))!.invoice;
  return { ...team, plan, device: device!, june };
}

describe("the operator's tenant page", () => {
  it("shows that tenant's devices, traffic, plan, current estimate and invoices — and nothing of another tenant's", async () => {
    const t = await tenantWithTraffic();
    const other = await tenantWithTraffic();
    const overview = await callerFor(db, operator.id).tenants.overview({ tenantId: t.tenant.id });
    expect(overview.devices).toMatchObject({ total: 1, rows: [{ id: t.device.id, devEui: t.device.devEui }] });
    expect(overview.dailyUsage.reduce((sum, d) => sum + d.uplinks, 0)).toBe(3); // the last 30 days only
    expect(overview.account).toMatchObject({ planName: t.plan.name, paymentMethod: "invoice", paymentTermsDays: 30 });
    expect(overview.estimate).toMatchObject({ usage: { uplinks: 3, activeDevices: 1 } });
    expect(overview.invoices).toMatchObject({ total: 1, rows: [{ id: t.june.id, number: t.june.number }] });
    const said = JSON.stringify(overview);
    for (const secret of [other.tenant.id, other.device.devEui, other.june.number]) expect(said).not.toContain(secret);
  });

  it("is for operators only: tenants and billing staff are refused, and an unknown tenant is NOT_FOUND", async () => {
    const t = await tenantWithTraffic();
    expect(await errorOf(callerFor(db, t.owner.id, t.tenant.slug).tenants.overview({ tenantId: t.tenant.id }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await errorOf(callerFor(db, billingStaff.id).tenants.overview({ tenantId: t.tenant.id }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await errorOf(callerFor(db, operator.id).tenants.overview({ tenantId: "00000000-0000-4000-8000-000000000000" }))).toMatchObject({ code: "NOT_FOUND" });
  });
});
