import { eq } from "drizzle-orm";
import { estimateToDate, periodContaining, ratePeriod, type BillingPeriod, type LateUsageCharge, type PlanVersion } from "@/domain/billing";
import type { Database } from "@/server/db";
import { tenantBilling } from "@/server/db/schema";
import { planVersionsOf } from "./plans";
import { tenantDeviceUsage } from "./tenant-usage";

async function planIdOf(tx: Database, tenantId: string) {
  const [row] = await tx.select({ planId: tenantBilling.planId }).from(tenantBilling).where(eq(tenantBilling.tenantId, tenantId));
  return row?.planId ?? null;
}

/**
 * Plan versions by plan, for a run that rates many tenants (closing a period): a plan's versions are
 * never edited, only added for later periods, so reading them once per run is enough.
 */
export type PlanVersionCache = Map<string, Promise<PlanVersion[]>>;

/**
 * Rates a closed (or any) period from the hourly rollups, with the late usage of earlier months its
 * invoice carries; null when the tenant has no plan.
 */
export async function rateTenantPeriod(tx: Database, tenantId: string, period: BillingPeriod, options: { lateUsage?: readonly LateUsageCharge[]; plans?: PlanVersionCache } = {}) {
  // Both read at once (pipelined): only tenants with a plan are rated, so the rollups are rarely read for nothing.
  const [planId, devices] = await Promise.all([planIdOf(tx, tenantId), tenantDeviceUsage(tx, tenantId, period)]);
  if (!planId) return null;
  return ratePeriod({ period, planVersions: await planVersionsCached(tx, planId, options.plans), devices, lateUsage: options.lateUsage ?? [] });
}

/** A plan's versions, read once per run when given a cache. */
export function planVersionsCached(tx: Database, planId: string, plans?: PlanVersionCache) {
  if (!plans) return planVersionsOf(tx, planId);
  let versions = plans.get(planId);
  if (!versions) {
    versions = planVersionsOf(tx, planId);
    plans.set(planId, versions);
    // A failed read is not remembered: the next tenant reads again.
    versions.catch(() => plans.delete(planId));
  }
  return versions;
}

/** The current period's charges so far, with a projection to its end. */
export async function estimateTenant(tx: Database, tenantId: string, now = new Date()) {
  const planId = await planIdOf(tx, tenantId);
  if (!planId) return null;
  const period = periodContaining(now);
  return estimateToDate({ now, planVersions: await planVersionsOf(tx, planId), devices: await tenantDeviceUsage(tx, tenantId, period, now) });
}
