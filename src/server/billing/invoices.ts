import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { formatInvoiceNumber, type BillingPeriod, type RatedPeriod } from "@/domain/billing";
import { conflict, notFound } from "@/domain/errors";
import { recordAudit, recordAudits, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { invoiceCounters, invoiceDeviceLines, invoices, tenantBilling, tenants } from "@/server/db/schema";
import { unnestRows, type BatchColumn } from "@/server/db/unnest-rows";
import { carryLateUsage, lateUsageCarriedOn } from "./late-usage";
import { rateTenantPeriod, type PlanVersionCache } from "./rate-tenant";

const DAY_MS = 86_400_000;
export const INVOICE_PREFIX = "LR";

/**
 * The next `count` gap-free numbers for the year, in order; the counter's row lock serialises
 * concurrent issuers until the transaction ends (and a rollback returns the numbers with it).
 */
export async function takeInvoiceNumbers(tx: Database, year: number, count: number) {
  const [row] = await tx
    .insert(invoiceCounters)
    .values({ year, last: count })
    .onConflictDoUpdate({ target: invoiceCounters.year, set: { last: sql`${invoiceCounters.last} + ${count}` } })
    .returning({ last: invoiceCounters.last });
  return Array.from({ length: count }, (_, i) => formatInvoiceNumber(INVOICE_PREFIX, year, row!.last - count + 1 + i));
}

type TenantBillingRow = typeof tenantBilling.$inferSelect;

/** Invoices for one period of some tenants, read together: whether each is issued already, and its billing settings. */
export async function invoicingState(tx: Database, tenantIds: readonly string[], period: BillingPeriod) {
  const ids = [...tenantIds];
  const [issued, billing] = await Promise.all([
    tx.select().from(invoices).where(and(inArray(invoices.tenantId, ids), eq(invoices.periodStart, period.start))),
    tx.select().from(tenantBilling).where(inArray(tenantBilling.tenantId, ids)),
  ]);
  return { issued: new Map(issued.map((i) => [i.tenantId, i])), billing: new Map(billing.map((b) => [b.tenantId, b])) };
}

/** How a tenant's invoices are collected: through its Stripe subscription, or locally. */
export const invoiceMode = (billing: TenantBillingRow) => (billing.stripeSubscriptionId ? "stripe" : "local");

/**
 * What issuing one rated invoice writes: the invoice, its per-device lines (devices that reported or
 * used credits) and its audit entry. The one definition for issuing a tenant alone and a group at once.
 */
export function invoiceRecords(tenantId: string, billing: TenantBillingRow, rated: RatedPeriod, period: BillingPeriod, number: string, now: Date) {
  const id = randomUUID();
  const nothingDue = rated.totalPence === 0;
  const invoice = {
    tenantId,
    id,
    number,
    periodStart: period.start,
    periodEnd: period.end,
    status: nothingDue ? ("paid" as const) : ("open" as const),
    mode: invoiceMode(billing),
    ...ratedColumns(rated),
    poNumber: billing.poNumber,
    issuedAt: now,
    dueAt: new Date(now.getTime() + billing.paymentTermsDays * DAY_MS),
    paidAt: nothingDue ? now : null,
  } satisfies typeof invoices.$inferInsert;
  const lines = rated.deviceLines
    .filter((d) => d.uplinks > 0 || d.credits > 0)
    .map((d) => ({ tenantId, invoiceId: id, deviceId: d.deviceId, devEui: d.devEui, name: d.name, active: d.active, uplinks: d.uplinks, credits: d.credits, payloadBytes: d.payloadBytes, feePence: d.feePence }));
  const audit = { tenantId, action: "invoice.issued", targetType: "invoice", targetId: id, details: { number, totalPence: rated.totalPence } };
  return { invoice, lines, audit };
}

type InvoiceRecords = ReturnType<typeof invoiceRecords>;
type DeviceLine = InvoiceRecords["lines"][number];

/** Device lines as one array per column: any number of them in one statement, without a parameter each. */
const LINE_COLUMNS: ReadonlyArray<BatchColumn<DeviceLine>> = [
  { name: "tenant_id", type: "uuid", value: (l) => l.tenantId },
  { name: "invoice_id", type: "uuid", value: (l) => l.invoiceId },
  { name: "device_id", type: "uuid", value: (l) => l.deviceId },
  { name: "dev_eui", type: "text", value: (l) => l.devEui },
  { name: "name", type: "text", value: (l) => l.name },
  { name: "active", type: "boolean", value: (l) => l.active },
  { name: "uplinks", type: "int", value: (l) => l.uplinks },
  { name: "credits", type: "bigint", value: (l) => l.credits },
  { name: "payload_bytes", type: "bigint", value: (l) => l.payloadBytes },
  { name: "fee_pence", type: "int", value: (l) => l.feePence },
];

/** Writes issued invoices' records, each table in one statement, all sent at once (one round trip); the invoices as stored. */
export async function writeInvoiceRecords(tx: Database, records: readonly InvoiceRecords[]) {
  const lines = records.flatMap((r) => r.lines);
  const [stored] = await Promise.all([
    tx.insert(invoices).values(records.map((r) => r.invoice)).returning(),
    lines.length
      ? tx.execute(sql`
          insert into invoice_device_lines (${sql.raw(LINE_COLUMNS.map((c) => c.name).join(", "))})
          select * from ${unnestRows(LINE_COLUMNS, lines, "l")}`)
      : null,
    recordAudits(tx, null, records.map((r) => r.audit)),
  ]);
  return stored;
}

/**
 * Issues the tenant's invoice (or internal cross-charging statement) for a period from the rating
 * engine, freezing its lines and per-device usage, with a line for each earlier month's late usage.
 * Idempotent: the one-per-period key means a second call returns the existing invoice instead of
 * issuing another, and late usage is recorded as carried in the same transaction. The number is taken
 * last, and what follows it is sent in one go, so concurrent issuers wait on the counter's row lock as
 * little as possible.
 */
export async function issueInvoice(tx: Database, tenantId: string, period: BillingPeriod, now = new Date(), plans?: PlanVersionCache) {
  const { issued, billing: billingOf } = await invoicingState(tx, [tenantId], period);
  const existing = issued.get(tenantId);
  if (existing) return { invoice: existing, created: false };
  const billing = billingOf.get(tenantId);
  if (!billing?.planId) return null;
  // In Stripe mode late usage was carried when Stripe drafted this invoice (invoice.created), and only
  // what went onto that draft may be on ours; anything later goes to the next one.
  const lateUsage = invoiceMode(billing) === "local" ? await carryLateUsage(tx, tenantId, period) : await lateUsageCarriedOn(tx, tenantId, period);
  const rated = await rateTenantPeriod(tx, tenantId, period, { lateUsage, plans });
  if (!rated) return null;
  const [number] = await takeInvoiceNumbers(tx, now.getUTCFullYear(), 1);
  const [invoice] = await writeInvoiceRecords(tx, [invoiceRecords(tenantId, billing, rated, period, number!, now)]);
  return { invoice: invoice!, created: true };
}

function ratedColumns(rated: RatedPeriod) {
  return {
    planId: rated.planVersion.planId,
    planVersion: rated.planVersion.version,
    planName: rated.planVersion.name,
    internal: rated.internal,
    subtotalPence: rated.subtotalPence,
    vatPence: rated.vatPence,
    totalPence: rated.totalPence,
    notionalTotalPence: rated.notionalTotalPence,
    vatRateBasisPoints: rated.planVersion.vatRateBasisPoints,
    lines: rated.lines,
    usage: rated.usage,
  };
}

export interface InvoiceFilter { tenantId?: string; status?: (typeof invoices.$inferSelect)["status"]; periodStart?: Date; page: number; pageSize: number }

export async function listInvoices(tx: Database, filter: InvoiceFilter) {
  const where: SQL[] = [];
  if (filter.tenantId) where.push(eq(invoices.tenantId, filter.tenantId));
  if (filter.status) where.push(eq(invoices.status, filter.status));
  if (filter.periodStart) where.push(eq(invoices.periodStart, filter.periodStart));
  const condition = where.length ? and(...where) : undefined;
  const rows = await tx
    .select({
      id: invoices.id, tenantId: invoices.tenantId, tenantName: tenants.name, number: invoices.number, periodStart: invoices.periodStart, periodEnd: invoices.periodEnd,
      status: invoices.status, mode: invoices.mode, internal: invoices.internal, subtotalPence: invoices.subtotalPence, vatPence: invoices.vatPence, totalPence: invoices.totalPence,
      notionalTotalPence: invoices.notionalTotalPence, issuedAt: invoices.issuedAt, dueAt: invoices.dueAt, paidAt: invoices.paidAt,
    })
    .from(invoices)
    .innerJoin(tenants, eq(tenants.id, invoices.tenantId))
    .where(condition)
    .orderBy(desc(invoices.periodStart), desc(invoices.number))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const [count] = await tx.select({ total: sql<number>`count(*)::int` }).from(invoices).where(condition);
  return { rows, total: count?.total ?? 0 };
}

export async function getInvoice(tx: Database, tenantId: string, invoiceId: string) {
  const [row] = await tx
    .select({ invoice: invoices, tenantName: tenants.name, billingEmail: tenants.billingEmail })
    .from(invoices)
    .innerJoin(tenants, eq(tenants.id, invoices.tenantId))
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoiceId)));
  if (!row) throw notFound("That invoice");
  const devices = await tx
    .select()
    .from(invoiceDeviceLines)
    .where(and(eq(invoiceDeviceLines.tenantId, tenantId), eq(invoiceDeviceLines.invoiceId, invoiceId)))
    .orderBy(invoiceDeviceLines.devEui);
  return { ...row.invoice, tenantName: row.tenantName, billingEmail: row.billingEmail, devices };
}

/** Local mode: billing staff record a payment received outside Stripe (BACS transfer, cheque). */
export async function markInvoicePaid(tx: Database, actor: Actor, tenantId: string, invoiceId: string, at = new Date()) {
  const invoice = await getInvoice(tx, tenantId, invoiceId);
  if (invoice.mode === "stripe") throw conflict("This invoice is collected through Stripe; it is marked paid when Stripe reports the payment.");
  if (invoice.status === "paid") throw conflict(`Invoice ${invoice.number} is already paid.`);
  if (invoice.status === "void") throw conflict(`Invoice ${invoice.number} was voided.`);
  await tx.update(invoices).set({ status: "paid", paidAt: at }).where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoiceId)));
  await recordAudit(tx, actor, { tenantId, action: "invoice.marked_paid", targetType: "invoice", targetId: invoiceId, details: { number: invoice.number } });
  return invoice;
}

/** Open invoices past their due date: the local-mode equivalent of a failed payment. */
export async function overdueInvoices(tx: Database, now = new Date()) {
  return tx
    .select({ tenantId: invoices.tenantId, id: invoices.id, number: invoices.number, dueAt: invoices.dueAt })
    .from(invoices)
    .where(and(eq(invoices.status, "open"), lt(invoices.dueAt, now)));
}
