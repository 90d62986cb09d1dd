import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../../test/database";
import { callerFor, createTenant, createUser } from "../../../../test/factories";
import { insertInvoiceRow } from "../../../../test/invoice-rows";
import { withPlatform } from "@/server/db";
import { OLDEST_OPEN_INVOICES, outstandingInvoices } from "../income-reports";

const database = useTestDatabase();
const now = new Date("2026-12-06T12:00:00Z");
const read = () => withPlatform(database.db, (tx) => outstandingInvoices(tx, now));

describe("billing dashboard's aged debt", () => {
  it("totals every open invoice by age and lists the oldest first, however many there are", async () => {
    const before = await read();
    // One invoice per tenant and month: each of these is another tenant's.
    const invoiceOfNewTenant = async (overrides: Parameters<typeof insertInvoiceRow>[2]) => {
      const tenant = await createTenant(database.db);
      await insertInvoiceRow(database.db, tenant.id, overrides);
      return tenant;
    };
    // One an age band each side of 30 days overdue, one not due yet, and a paid one that counts nowhere.
    await invoiceOfNewTenant({ totalPence: 1_000, dueAt: new Date("2026-11-20T00:00:00Z") });
    await invoiceOfNewTenant({ totalPence: 2_000, dueAt: new Date("2026-10-20T00:00:00Z") });
    // Older than anything another test leaves open, so it heads the list.
    const tenant = await invoiceOfNewTenant({ totalPence: 3, dueAt: new Date("2001-01-01T00:00:00Z") });
    await invoiceOfNewTenant({ totalPence: 4_000, dueAt: new Date("2026-12-20T00:00:00Z") });
    await invoiceOfNewTenant({ totalPence: 8_000, status: "paid", dueAt: new Date("2026-10-01T00:00:00Z") });
    for (let i = 0; i < OLDEST_OPEN_INVOICES; i++) await invoiceOfNewTenant({ totalPence: 1, dueAt: new Date("2027-01-31T00:00:00Z") });

    const after = await read();
    expect(after.count - before.count).toBe(4 + OLDEST_OPEN_INVOICES);
    expect(after.pence - before.pence).toBe(7_003 + OLDEST_OPEN_INVOICES);
    expect(after.overduePence - before.overduePence).toBe(3_003);
    const band = (summary: typeof after, label: string) => summary.bands.find((b) => b.label === label)!;
    expect(band(after, "1–30 days").pence - band(before, "1–30 days").pence).toBe(1_000);
    expect(band(after, "31–60 days").pence - band(before, "31–60 days").pence).toBe(2_000);
    expect(after.bands.reduce((sum, b) => sum + b.count, 0)).toBe(after.count);

    expect(after.oldest).toHaveLength(OLDEST_OPEN_INVOICES);
    const dues = after.oldest.map((o) => o.dueAt.getTime());
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(after.oldest[0]).toMatchObject({ tenantId: tenant.id, tenantName: tenant.name, overdue: true, daysOverdue: 9470 });

    // Through the dashboard, for billing staff.
    const billing = callerFor(database.db, (await createUser(database.db, { platformRole: "billing" })).id, null);
    expect((await billing.incomeReports.dashboard()).outstanding.count).toBeGreaterThanOrEqual(after.count);
  });
});
