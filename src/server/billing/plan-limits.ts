import { eq } from "drizzle-orm";
import { notFound } from "@/domain/errors";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { plans } from "@/server/db/schema";

export interface PlanLimits {
  /** null: no limit. */
  maxDevices: number | null;
  /** null: no limit; 0: tenants on the plan may not own gateways. */
  maxGateways: number | null;
}

/**
 * A plan's device and gateway limits apply to its tenants' organisations on the network server at once:
 * the database queues a provisioning job for every tenant on the plan (see the provisioning triggers).
 */
export async function setPlanLimits(tx: Database, actor: Actor, planId: string, limits: PlanLimits) {
  const [before] = await tx.select({ maxDevices: plans.maxDevices, maxGateways: plans.maxGateways }).from(plans).where(eq(plans.id, planId)).for("update");
  if (!before) throw notFound("That plan");
  await tx.update(plans).set(limits).where(eq(plans.id, planId));
  await recordAudit(tx, actor, { tenantId: null, action: "plan.limits_changed", targetType: "plan", targetId: planId, details: { before, after: limits } });
  return limits;
}
