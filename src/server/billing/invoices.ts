import { randomUUID } from "node:crypto";
import { and, desc, eq, lt, sql, type SQL } from "drizzle-orm";
import { formatInvoiceNumber, type BillingPeriod, type RatedPeriod } from "@/domain/billing";
import { conflict, notFound } from "@/domain/errors";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { invoiceCounters, invoiceDeviceLines, invoices, tenantBilling, tenants } from "@/server/db/schema";
import { carryLateUsage, lateUsageCarriedOn } from "./late-usage";
import { rateTenantPeriod, type PlanVersionCache } from "./rate-tenant";

const DAY_MS = 86_400_000;
export const INVOICE_PREFIX = "LR";

/** The next gap-free number for the year; the row lock serialises concurrent issuers. */
async function nextInvoiceNumber(tx: Database, year: number) {
  const [row] = await tx
    .insert(invoiceCounters)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: invoiceCounters.year, set: { last: sql`${invoiceCounters.last} + 1` } })
    .returning({ last: invoiceCounters.last });
  return formatInvoiceNumber(INVOICE_PREFIX, year, row!.last);
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
  // Read together (pipelined). Rating waits for the late usage this invoice carries, which is recorded as carried only when it is issued.
  const [[existing], [billing]] = await Promise.all([
    tx.select().from(invoices).where(and(eq(invoices.tenantId, tenantId), eq(invoices.periodStart, period.start))),
    tx.select().from(tenantBilling).where(eq(tenantBilling.tenantId, tenantId)),
  ]);
  if (existing) return { invoice: existing, created: false };
  if (!billing?.planId) return null;
  const mode = billing.stripeSubscriptionId ? "stripe" : "local";
  // In Stripe mode late usage was carried when Stripe drafted this invoice (invoice.created), and only
  // what went onto that draft may be on ours; anything later goes to the next one.
  const lateUsage = mode === "local" ? await carryLateUsage(tx, tenantId, period) : await lateUsageCarriedOn(tx, tenantId, period);
  const rated = await rateTenantPeriod(tx, tenantId, period, { lateUsage, plans });
  if (!rated) return null;
  const nothingDue = rated.totalPence === 0;
  const id = randomUUID();
  const number = await nextInvoiceNumber(tx, now.getUTCFullYear());
  const devices = rated.deviceLines.filter((d) => d.uplinks > 0 || d.credits > 0);
  const [[invoice]] = await Promise.all([
    tx
      .insert(invoices)
      .values({
        tenantId,
        id,
        number,
        periodStart: period.start,
        periodEnd: period.end,
        status: nothingDue ? "paid" : "open",
        mode,
        ...ratedColumns(rated),
        poNumber: billing.poNumber,
        issuedAt: now,
        dueAt: new Date(now.getTime() + billing.paymentTermsDays * DAY_MS),
        paidAt: nothingDue ? now : null,
      })
      .returning(),
    devices.length
      ? tx.insert(invoiceDeviceLines).values(
          devices.map((d) => ({ tenantId, invoiceId: id, deviceId: d.deviceId, devEui: d.devEui, name: d.name, active: d.active, uplinks: d.uplinks, credits: d.credits, payloadBytes: d.payloadBytes, feePence: d.feePence })),
        )
      : null,
    recordAudit(tx, null, { tenantId, action: "invoice.issued", targetType: "invoice", targetId: id, details: { number, totalPence: rated.totalPence } }),
  ]);
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
