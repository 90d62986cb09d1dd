import { withPlatform, type Database } from "@/server/db";
import { invoices } from "@/server/db/schema";
import { unique } from "./factories";

/** An issued local invoice inserted directly (as the period close would leave it), for tests that only read invoices. */
export async function insertInvoiceRow(db: Database, tenantId: string, overrides: Partial<typeof invoices.$inferInsert> = {}) {
  const [invoice] = await withPlatform(db, (tx) =>
    tx
      .insert(invoices)
      .values({
        tenantId, number: unique("INV"), periodStart: new Date("2026-10-01T00:00:00Z"), periodEnd: new Date("2026-11-01T00:00:00Z"),
        status: "open", mode: "local", planId: tenantId, planVersion: 1, planName: "Test plan", internal: false, subtotalPence: 100, vatPence: 20,
        totalPence: 120, notionalTotalPence: 120, vatRateBasisPoints: 2000, lines: [],
        usage: { activeDevices: 0, uplinks: 0, credits: 0, payloadBytes: 0, allowanceCredits: 0, overageCredits: 0 },
        dueAt: new Date("2026-12-01T00:00:00Z"),
        ...overrides,
      })
      .returning(),
  );
  return invoice!;
}
