import { and, eq, gte, lt } from "drizzle-orm";
import { penceAsPounds, periodKey, toCsv, type BillingPeriod } from "@/domain/billing";
import type { Database } from "@/server/db";
import { invoiceDeviceLines, invoices, tenants } from "@/server/db/schema";

const date = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** One row per invoice issued for periods in [from, to): the sales ledger feed. */
export async function invoicesCsv(tx: Database, from: Date, to: Date) {
  const rows = await tx
    .select({ invoice: invoices, tenantName: tenants.name, tenantSlug: tenants.slug })
    .from(invoices)
    .innerJoin(tenants, eq(tenants.id, invoices.tenantId))
    .where(and(gte(invoices.periodStart, from), lt(invoices.periodStart, to)))
    .orderBy(invoices.number);
  return toCsv(
    ["invoice_number", "customer", "customer_ref", "period", "issued", "due", "status", "type", "po_number", "net_gbp", "vat_rate_percent", "vat_gbp", "gross_gbp", "notional_gross_gbp", "paid", "collection"],
    rows.map(({ invoice: i, tenantName, tenantSlug }) => [
      i.number, tenantName, tenantSlug, periodKey({ start: i.periodStart, end: i.periodEnd }), date(i.issuedAt), date(i.dueAt), i.status,
      i.internal ? "internal cross-charge" : "invoice", i.poNumber, penceAsPounds(i.subtotalPence), (i.vatRateBasisPoints / 100).toFixed(2),
      penceAsPounds(i.vatPence), penceAsPounds(i.totalPence), penceAsPounds(i.notionalTotalPence), date(i.paidAt), i.mode,
    ]),
  );
}

/** Per-device usage lines behind every invoice of a period: what each device sent and paid. */
export async function deviceUsageCsv(tx: Database, period: BillingPeriod) {
  const rows = await tx
    .select({ line: invoiceDeviceLines, number: invoices.number, tenantName: tenants.name })
    .from(invoiceDeviceLines)
    .innerJoin(invoices, and(eq(invoices.tenantId, invoiceDeviceLines.tenantId), eq(invoices.id, invoiceDeviceLines.invoiceId)))
    .innerJoin(tenants, eq(tenants.id, invoiceDeviceLines.tenantId))
    .where(eq(invoices.periodStart, period.start))
    .orderBy(invoices.number, invoiceDeviceLines.devEui);
  return toCsv(
    ["invoice_number", "customer", "dev_eui", "device", "active", "uplinks", "credits", "payload_bytes", "device_fee_gbp"],
    rows.map(({ line: l, number, tenantName }) => [number, tenantName, l.devEui, l.name, l.active ? "yes" : "no", l.uplinks, l.credits, l.payloadBytes, penceAsPounds(l.feePence)]),
  );
}
