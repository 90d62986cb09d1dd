import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi } from "../../../test/api-calls";
import { createApiKeyRow } from "../../../test/api-key-rows";
import { useTestDatabase } from "../../../test/database";
import { createNetworkFixtures, randomEui } from "../../../test/device-fixtures";
import { callerFor, createTenant, createTenantWithTeam } from "../../../test/factories";
import { insertInvoiceRow } from "../../../test/invoice-rows";
import { periodContaining } from "@/domain/billing";
import { withPlatform, withTenant, type Database } from "@/server/db";
import { devices, tenantBilling, usageHourly } from "@/server/db/schema";
import { tenantDeviceUsage } from "@/server/billing/tenant-usage";
import { getUsageOperation, listDeviceProfilesOperation, listInvoicesOperation } from "./account-endpoints";

const database = useTestDatabase();
let db: Database;
beforeAll(() => {
  db = database.db;
});

const HOUR = 3_600_000;
const rollup = { downlinks: 0, joins: 0, payloadBytes: 0, phyBytes: 0, airtimeMs: 0, gatewayReceptions: 0 };
const json = (value: unknown) => JSON.parse(JSON.stringify(value));

async function sensor(tenantId: string, name: string) {
  const [device] = await withPlatform(db, (tx) => tx.insert(devices).values({ tenantId, devEui: randomEui(), name, activation: "otaa" }).returning());
  return device!;
}

/** Two devices' traffic over this month's first hours (so the billing page's current period shows it), and another tenant's. */
async function tenantWithUsage() {
  const team = await createTenantWithTeam(db);
  const tenantId = team.tenant.id;
  await withPlatform(db, (tx) => tx.insert(tenantBilling).values({ tenantId }));
  const [a, b, gone] = [await sensor(tenantId, "A"), await sensor(tenantId, "B"), await sensor(tenantId, "Gone")];
  const other = await createTenant(db);
  const elsewhere = await sensor(other.id, "Theirs");
  const start = periodContaining(new Date()).start.getTime();
  const hour = (n: number) => new Date(start + n * HOUR);
  await withPlatform(db, (tx) =>
    tx.insert(usageHourly).values([
      { ...rollup, tenantId, deviceId: a.id, hour: hour(0), uplinks: 2, credits: 2 },
      { ...rollup, tenantId, deviceId: a.id, hour: hour(1), uplinks: 3, credits: 4 },
      { ...rollup, tenantId, deviceId: b.id, hour: hour(1), uplinks: 1, credits: 1 },
      { ...rollup, tenantId, deviceId: gone.id, hour: hour(2), uplinks: 5, credits: 5 },
      { ...rollup, tenantId: other.id, deviceId: elsewhere.id, hour: hour(1), uplinks: 70, credits: 70 },
    ]),
  );
  await withPlatform(db, (tx) => tx.delete(devices).where(eq(devices.id, gone.id)));
  const reader = await createApiKeyRow(db, tenantId);
  return { team, reader, a, b, gone, hour };
}

describe("GET /api/v1/usage", () => {
  it("gives the billing page's numbers: its daily chart, and the per-device usage the estimate is rated from", async () => {
    const { team, reader } = await tenantWithUsage();
    const usage = await callApi(db, getUsageOperation, reader);
    expect(usage.status).toBe(200);

    const overview = await callerFor(db, team.admin.id, team.tenant.slug).billing.overview();
    const chart = overview.dailyUsage.map((d) => ({ start: d.day, uplinks: d.uplinks, credits: d.credits, devices: d.devices }));
    expect(usage.body!.totals).toEqual(chart);
    expect(usage.body!.total).toEqual({ uplinks: 11, credits: 12 });

    const rated = await withTenant(db, { tenantId: team.tenant.id }, (tx) => tenantDeviceUsage(tx, team.tenant.id, periodContaining(new Date())));
    const perDevice = (usage.body!.devices as Array<{ id: string; name: string; uplinks: number; credits: number }>).map((d) => ({ id: d.id, uplinks: d.uplinks, credits: d.credits }));
    expect(perDevice).toEqual(expect.arrayContaining(rated.map((d) => ({ id: d.deviceId, uplinks: d.uplinks, credits: d.credits }))));
    expect(perDevice).toHaveLength(rated.length);
  });

  it("breaks usage down per hour and device, naming deleted devices, and leaves out other tenants' traffic", async () => {
    const { reader, a, b, gone, hour } = await tenantWithUsage();
    const usage = await callApi(db, getUsageOperation, { ...reader, query: { granularity: "hour", from: hour(0).toISOString(), to: hour(3).toISOString() } });
    const { devices: perDevice, ...summary } = json(usage.body) as { devices: Array<{ name: string }> };
    expect(summary).toEqual(json({
      from: hour(0), to: hour(3), granularity: "hour",
      total: { uplinks: 11, credits: 12 },
      totals: [
        { start: hour(0), uplinks: 2, credits: 2, devices: 1 },
        { start: hour(1), uplinks: 4, credits: 5, devices: 2 },
        { start: hour(2), uplinks: 5, credits: 5, devices: 1 },
      ],
    }));
    const byName = Object.fromEntries(perDevice.map((d) => [d.name, d]));
    expect(byName).toEqual({
      A: { id: a.id, devEui: a.devEui, name: "A", uplinks: 5, credits: 6, usage: json([{ start: hour(0), uplinks: 2, credits: 2 }, { start: hour(1), uplinks: 3, credits: 4 }]) },
      B: { id: b.id, devEui: b.devEui, name: "B", uplinks: 1, credits: 1, usage: json([{ start: hour(1), uplinks: 1, credits: 1 }]) },
      "(deleted device)": { id: gone.id, devEui: null, name: "(deleted device)", uplinks: 5, credits: 5, usage: json([{ start: hour(2), uplinks: 5, credits: 5 }]) },
    });
  });

  it.each([
    [{ granularity: "minute" }, "Query parameter 'granularity': give hour or day."],
    [{ from: "last week" }, "Query parameter 'from': give a UTC date such as 2026-11-01"],
    [{ granularity: "day", from: "2026-11-01T09:00:00Z" }, "Query parameter 'from': with granularity=day it must be a UTC midnight"],
    [{ from: "2026-11-02", to: "2026-11-01" }, "Query parameter 'to': it must be after 'from'"],
    [{ granularity: "hour", from: "2026-01-01", to: "2026-03-01" }, "at most 31 days"],
    [{ since: "2026-01-01" }, "Unknown query parameter 'since'; this endpoint accepts from, to, granularity."],
  ])("refuses %j with 400 saying what is accepted", async (query, message) => {
    const tenant = await createTenant(db);
    const reply = await callApi(db, getUsageOperation, { ...(await createApiKeyRow(db, tenant.id)), query });
    expect(reply).toMatchObject({ status: 400, body: { error: expect.stringContaining(message) } });
  });
});

describe("GET /api/v1/invoices", () => {
  it("lists the tenant's invoices with status and totals, as its billing page does, and no one else's", async () => {
    const team = await createTenantWithTeam(db);
    const other = await createTenant(db);
    const open = await insertInvoiceRow(db, team.tenant.id, { periodStart: new Date("2026-10-01T00:00:00Z"), periodEnd: new Date("2026-11-01T00:00:00Z") });
    // August: reconciling a month re-rates every invoice of it, and this one's plan is made up, so not
    // September, which the billing tests reconcile.
    const paid = await insertInvoiceRow(db, team.tenant.id, {
      periodStart: new Date("2026-08-01T00:00:00Z"), periodEnd: new Date("2026-09-01T00:00:00Z"), status: "paid", paidAt: new Date("2026-09-09T00:00:00Z"), subtotalPence: 1000, vatPence: 200, totalPence: 1200, notionalTotalPence: 1200,
    });
    await insertInvoiceRow(db, other.id);
    const reader = await createApiKeyRow(db, team.tenant.id);

    const reply = await callApi(db, listInvoicesOperation, reader);
    const portal = await callerFor(db, team.admin.id, team.tenant.slug).billing.invoices({ page: 1, pageSize: 20 });
    expect(reply.body).toMatchObject({ page: 1, pageSize: 20, total: 2 });
    const listed = reply.body!.invoices as Array<Record<string, unknown>>;
    expect(listed.map((i) => i.id)).toEqual(portal.rows.map((i) => i.id));
    expect(listed.map((i) => i.id)).toEqual([open.id, paid.id]);
    expect(listed[1]).toEqual({
      id: paid.id, number: paid.number, periodStart: paid.periodStart, periodEnd: paid.periodEnd, status: "paid", internal: false, currency: "GBP",
      subtotalPence: 1000, vatPence: 200, totalPence: 1200, notionalTotalPence: 1200, issuedAt: paid.issuedAt, dueAt: paid.dueAt, paidAt: paid.paidAt,
    });

    const onlyPaid = await callApi(db, listInvoicesOperation, { ...reader, query: { status: "paid" } });
    expect((onlyPaid.body!.invoices as Array<{ id: string }>).map((i) => i.id)).toEqual([paid.id]);
    expect(await callApi(db, listInvoicesOperation, { ...reader, query: { status: "late" } })).toMatchObject({ status: 400, body: { error: expect.stringContaining("Query parameter 'status': give one of draft, open, paid") } });
  });
});

describe("GET /api/v1/device-profiles", () => {
  it("lists the tenant's profiles (the profileId to register devices with) and no one else's", async () => {
    const tenant = await createTenant(db);
    const mine = await createNetworkFixtures(db, tenant.id);
    await createNetworkFixtures(db, (await createTenant(db)).id);
    const reply = await callApi(db, listDeviceProfilesOperation, await createApiKeyRow(db, tenant.id));
    expect(reply.body).toEqual({ deviceProfiles: [{ id: mine.profileId, name: mine.profileName, region: "EU868", macVersion: "1.0.3", deviceClass: "A", hasCodec: false, devices: 1 }] });
  });
});
