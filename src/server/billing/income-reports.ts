import { and, asc, desc, eq, gte, lt, sql } from "drizzle-orm";
import { agedDebt, daysOverdue, isOverdue, periodContaining, type BillingPeriod } from "@/domain/billing";
import type { Database } from "@/server/db";
import { countWhere, outer } from "@/server/db/correlated";
import { resultRows } from "@/server/db/result-rows";
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

/** How many open invoices the aged-debt table lists, oldest due date first; the totals cover them all. */
export const OLDEST_OPEN_INVOICES = 50;

/** Unpaid invoices: totals by age (the aged-debt view) over all of them, and the oldest, with how many days overdue each is. */
export async function outstandingInvoices(tx: Database, now = new Date()) {
  const open = eq(invoices.status, "open");
  const [all, oldest] = await Promise.all([
    tx.select({ totalPence: invoices.totalPence, dueAt: invoices.dueAt }).from(invoices).where(open),
    tx
      .select({ tenantId: tenants.id, tenantName: tenants.name, invoiceId: invoices.id, number: invoices.number, totalPence: invoices.totalPence, dueAt: invoices.dueAt, mode: invoices.mode })
      .from(invoices)
      .innerJoin(tenants, eq(tenants.id, invoices.tenantId))
      .where(open)
      .orderBy(invoices.dueAt, invoices.number)
      .limit(OLDEST_OPEN_INVOICES),
  ]);
  return {
    ...agedDebt(all, now),
    oldest: oldest.map((o) => ({ ...o, overdue: isOverdue(o.dueAt, now), daysOverdue: daysOverdue(o.dueAt, now) })),
  };
}

/** How many of the busiest tenants the billing dashboard lists; every tenant is in the device usage export. */
export const BUSIEST_TENANTS = 20;

/** Devices and traffic of the current period's busiest tenants, from the hourly rollups, and how many tenants there are. */
export async function trafficByTenant(tx: Database, now = new Date()) {
  const period = periodContaining(now);
  const busiest = await tx
    .select({
      tenantId: tenants.id, tenantName: tenants.name,
      registeredDevices: countWhere(devices, eq(devices.tenantId, outer(tenants.id))),
      activeDevices: sql<number>`count(distinct ${usageHourly.deviceId}) filter (where ${usageHourly.uplinks} > 0)::int`,
      uplinks: sql<number>`coalesce(sum(${usageHourly.uplinks}), 0)::int`,
      credits: sql<number>`coalesce(sum(${usageHourly.credits}), 0)::bigint`,
    })
    .from(tenants)
    .leftJoin(usageHourly, and(eq(usageHourly.tenantId, tenants.id), gte(usageHourly.hour, period.start), lt(usageHourly.hour, period.end)))
    .groupBy(tenants.id, tenants.name)
    .orderBy(desc(sql`coalesce(sum(${usageHourly.uplinks}), 0)`), asc(tenants.name))
    .limit(BUSIEST_TENANTS);
  const [count] = await tx.select({ tenants: sql<number>`count(*)::int` }).from(tenants);
  return { busiest, tenants: count?.tenants ?? 0 };
}

/**
 * Net income of a period attributed to gateway areas: each invoice's net amount is shared among the
 * gateways that carried the tenant's uplinks, in proportion to the uplinks each heard (the monthly
 * rollup ingestion keeps, gateway_tenant_monthly). Tells the council which sites earn their keep.
 * Internal statements and void invoices are left out.
 */
export async function revenueByGateway(tx: Database, period: BillingPeriod) {
  const rows = resultRows<{ gateway_eui: string; name: string | null; latitude: number | null; longitude: number | null; receptions: string; revenue_pence: string }>(
    await tx.execute(sql`
      with receptions as (
        select tenant_id, gateway_eui, sum(uplinks)::numeric as n
        from gateway_tenant_monthly
        where month = ${period.start.toISOString()}::timestamptz
        group by 1, 2
      ), totals as (select tenant_id, sum(n) as total from receptions group by 1)
      select r.gateway_eui, gw.name, gw.latitude, gw.longitude, sum(r.n)::text as receptions,
        round(sum(i.subtotal_pence * r.n / t.total))::text as revenue_pence
      from invoices i
      join receptions r on r.tenant_id = i.tenant_id
      join totals t on t.tenant_id = i.tenant_id
      left join gateways gw on gw.gateway_eui = r.gateway_eui
      where i.period_start = ${period.start.toISOString()}::timestamptz and not i.internal and i.status <> 'void'
      group by r.gateway_eui, gw.name, gw.latitude, gw.longitude
      order by sum(i.subtotal_pence * r.n / t.total) desc, r.gateway_eui`),
  );
  return rows.map((r) => ({ gatewayEui: r.gateway_eui, name: r.name ?? r.gateway_eui, latitude: r.latitude, longitude: r.longitude, receptions: Number(r.receptions), revenuePence: Number(r.revenue_pence) }));
}
