import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import { periodContaining } from "@/domain/billing";
import type { Database } from "@/server/db";
import { devices, invoices, tenants, usageHourly } from "@/server/db/schema";

/**
 * Income figures for billing staff, read from our own invoice mirror (fast, and independent of Stripe's
 * API limits). Internal statements are reported separately as cross-charges, never as income.
 */
export async function incomeByMonth(tx: Database, months = 12, now = new Date()) {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months + 1, 1));
  const rows = await tx
    .select({
      periodStart: invoices.periodStart,
      invoicedPence: sql<number>`coalesce(sum(${invoices.totalPence}) filter (where not ${invoices.internal} and ${invoices.status} <> 'void'), 0)::int`,
      paidPence: sql<number>`coalesce(sum(${invoices.totalPence}) filter (where not ${invoices.internal} and ${invoices.status} = 'paid'), 0)::int`,
      vatPence: sql<number>`coalesce(sum(${invoices.vatPence}) filter (where not ${invoices.internal} and ${invoices.status} <> 'void'), 0)::int`,
      crossChargePence: sql<number>`coalesce(sum(${invoices.notionalTotalPence}) filter (where ${invoices.internal}), 0)::int`,
    })
    .from(invoices)
    .where(gte(invoices.periodStart, from))
    .groupBy(invoices.periodStart)
    .orderBy(invoices.periodStart);
  return rows;
}

export async function incomeByTenant(tx: Database, periodStart: Date) {
  return tx
    .select({
      tenantId: tenants.id, tenantName: tenants.name, number: invoices.number, status: invoices.status, internal: invoices.internal,
      totalPence: invoices.totalPence, notionalTotalPence: invoices.notionalTotalPence,
      activeDevices: sql<number>`(${invoices.usage}->>'activeDevices')::int`, credits: sql<number>`(${invoices.usage}->>'credits')::bigint`,
    })
    .from(invoices)
    .innerJoin(tenants, eq(tenants.id, invoices.tenantId))
    .where(eq(invoices.periodStart, periodStart))
    .orderBy(desc(invoices.totalPence));
}

/** Unpaid invoices, with how many days overdue each is (0 when not yet due): the aged-debt view. */
export async function outstandingInvoices(tx: Database, now = new Date()) {
  return tx
    .select({
      tenantId: tenants.id, tenantName: tenants.name, invoiceId: invoices.id, number: invoices.number, totalPence: invoices.totalPence, dueAt: invoices.dueAt, mode: invoices.mode,
      daysOverdue: sql<number>`greatest(0, floor(extract(epoch from (${now.toISOString()}::timestamptz - ${invoices.dueAt})) / 86400))::int`,
    })
    .from(invoices)
    .innerJoin(tenants, eq(tenants.id, invoices.tenantId))
    .where(eq(invoices.status, "open"))
    .orderBy(invoices.dueAt);
}

/** Devices and traffic per tenant in the current period, from the hourly rollups. */
export async function trafficByTenant(tx: Database, now = new Date()) {
  const period = periodContaining(now);
  return tx
    .select({
      tenantId: tenants.id, tenantName: tenants.name,
      registeredDevices: sql<number>`(select count(*)::int from ${devices} d where d.tenant_id = ${tenants.id})`,
      activeDevices: sql<number>`count(distinct ${usageHourly.deviceId}) filter (where ${usageHourly.uplinks} > 0)::int`,
      uplinks: sql<number>`coalesce(sum(${usageHourly.uplinks}), 0)::int`,
      credits: sql<number>`coalesce(sum(${usageHourly.credits}), 0)::bigint`,
    })
    .from(tenants)
    .leftJoin(usageHourly, and(eq(usageHourly.tenantId, tenants.id), gte(usageHourly.hour, period.start), lt(usageHourly.hour, period.end)))
    .groupBy(tenants.id, tenants.name)
    .orderBy(desc(sql`coalesce(sum(${usageHourly.uplinks}), 0)`));
}
