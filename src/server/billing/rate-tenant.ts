import { eq } from "drizzle-orm";
import { estimateToDate, periodContaining, ratePeriod, type BillingPeriod, type LateUsageCharge } from "@/domain/billing";
import type { Database } from "@/server/db";
import { tenantBilling } from "@/server/db/schema";
import { planVersionsOf } from "./plans";
import { tenantDeviceUsage } from "./tenant-usage";

async function planIdOf(tx: Database, tenantId: string) {
  const [row] = await tx.select({ planId: tenantBilling.planId }).from(tenantBilling).where(eq(tenantBilling.tenantId, tenantId));
  return row?.planId ?? null;
}

/**
 * Rates a closed (or any) period from the hourly rollups, with the late usage of earlier months its
 * invoice carries; null when the tenant has no plan.
 */
export async function rateTenantPeriod(tx: Database, tenantId: string, period: BillingPeriod, lateUsage: readonly LateUsageCharge[] = []) {
  const planId = await planIdOf(tx, tenantId);
  if (!planId) return null;
  return ratePeriod({ period, planVersions: await planVersionsOf(tx, planId), devices: await tenantDeviceUsage(tx, tenantId, period), lateUsage });
}

/** The current period's charges so far, with a projection to its end. */
export async function estimateTenant(tx: Database, tenantId: string, now = new Date()) {
  const planId = await planIdOf(tx, tenantId);
  if (!planId) return null;
  const period = periodContaining(now);
  return estimateToDate({ now, planVersions: await planVersionsOf(tx, planId), devices: await tenantDeviceUsage(tx, tenantId, period, now) });
}
