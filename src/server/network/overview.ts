import { and, desc, eq, gte, lte, sql } from "drizzle-orm";
import type { Database } from "@/server/db";
import { deviceEvents, gateways, tenants, usageHourly } from "@/server/db/schema";
import { gatewayStatusCondition } from "./gateways";
import { hourlySeries, seriesStart, windowStart } from "./traffic-window";
import { countUnclaimedDevEuisLastSeen } from "./unclaimed";

/** Hours of history on the overview chart. */
export const OVERVIEW_CHART_HOURS = 48;
/** Rows in the per-tenant traffic table. */
export const TOP_TENANTS = 10;

const TENANT_STATUSES = ["pending", "active", "suspended", "closed"] as const;

/**
 * The network at a glance, computed from the hourly usage totals (never from raw events): traffic
 * over the last two days, who is using it, gateway health, the unclaimed devices in range, and how
 * many events came with a clock we could not trust (a gateway's, usually).
 * "Last 24 h" is every hourly bucket overlapping the last 24 hours (see traffic-window).
 */
export async function networkOverview(tx: Database, now = new Date()) {
  const since24h = windowStart(now, 24);
  const upTo = lte(usageHourly.hour, now);

  // The last day's traffic per device first (hash-aggregated), then per tenant: counting
  // distinct devices over the raw hourly rows instead sorts every one of them.
  const perDevice = tx
    .select({
      tenantId: usageHourly.tenantId,
      uplinks: sql<number>`sum(${usageHourly.uplinks})`.as("uplinks"),
      downlinks: sql<number>`sum(${usageHourly.downlinks})`.as("downlinks"),
      joins: sql<number>`sum(${usageHourly.joins})`.as("joins"),
      credits: sql<number>`sum(${usageHourly.credits})`.as("credits"),
    })
    .from(usageHourly)
    .where(and(gte(usageHourly.hour, since24h), upTo))
    .groupBy(usageHourly.tenantId, usageHourly.deviceId)
    .as("per_device");
  const uplinks = sql<number>`sum(${perDevice.uplinks})::int`;

  // Independent statements, sent together (one round trip). The day's traffic is read once, per tenant
  // (every tenant with traffic, busiest first); the network's totals are the tenants' sums.
  const [hourly, byTenant, byStatus, [gatewayCounts], unclaimedDevEuisLast24h, [skewed]] = await Promise.all([
    tx
      .select({ hour: usageHourly.hour, uplinks: sql<number>`sum(${usageHourly.uplinks})::int` })
      .from(usageHourly)
      .where(and(gte(usageHourly.hour, seriesStart(now, OVERVIEW_CHART_HOURS)), upTo))
      .groupBy(usageHourly.hour),
    tx
      .select({
        tenantId: tenants.id,
        name: tenants.name,
        slug: tenants.slug,
        status: tenants.status,
        uplinks,
        downlinks: sql<number>`sum(${perDevice.downlinks})::int`,
        joins: sql<number>`sum(${perDevice.joins})::int`,
        credits: sql<number>`sum(${perDevice.credits})::int`,
        activeDevices: sql<number>`(count(*) filter (where ${perDevice.uplinks} > 0))::int`,
      })
      .from(perDevice)
      .innerJoin(tenants, eq(tenants.id, perDevice.tenantId))
      .groupBy(tenants.id)
      .orderBy(desc(uplinks), tenants.name),
    tx.select({ status: tenants.status, count: sql<number>`count(*)::int` }).from(tenants).groupBy(tenants.status),
    tx
      .select({
        online: sql<number>`count(*) filter (where ${gatewayStatusCondition("online", now)})::int`,
        total: sql<number>`count(*)::int`,
      })
      .from(gateways),
    countUnclaimedDevEuisLastSeen(tx, since24h, now),
    // Read through the partial index on clock-skewed events: there are few of them, whatever the traffic.
    tx
      .select({ count: sql<number>`count(*)::int` })
      .from(deviceEvents)
      .where(and(eq(deviceEvents.clockSkew, true), gte(deviceEvents.occurredAt, since24h), lte(deviceEvents.occurredAt, now))),
  ]);
  const tenantsByStatus = Object.fromEntries(TENANT_STATUSES.map((s) => [s, byStatus.find((r) => r.status === s)?.count ?? 0])) as Record<(typeof TENANT_STATUSES)[number], number>;

  const online = gatewayCounts?.online ?? 0;
  const total = gatewayCounts?.total ?? 0;
  return {
    generatedAt: now,
    uplinksPerHour: hourlySeries(now, OVERVIEW_CHART_HOURS, hourly),
    uplinksLast24h: byTenant.reduce((sum, t) => sum + t.uplinks, 0),
    activeDevicesLast24h: byTenant.reduce((sum, t) => sum + t.activeDevices, 0),
    unclaimedDevEuisLast24h,
    /** Tenants' events whose network-server time was not believable, stored at their receive time. */
    clockSkewedEventsLast24h: skewed?.count ?? 0,
    tenantsByStatus,
    gateways: { online, offline: total - online, total },
    topTenants: byTenant.filter((t) => t.uplinks > 0).slice(0, TOP_TENANTS),
  };
}
