import { and, asc, desc, eq, gt } from "drizzle-orm";
import { nextVersionEffectiveFrom, periodContaining, type BillingPeriod, type PlanVersion } from "@/domain/billing";
import { conflict, invalid, notFound } from "@/domain/errors";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { plans, planVersions, tenantBilling } from "@/server/db/schema";

/** The prices of one plan version: what staff set, without its identity and dates. */
export type PlanPrices = Pick<
  PlanVersion,
  "vatRateBasisPoints" | "deviceMonthlyFeePence" | "allowanceCreditsPerDevice" | "pricePer1000CreditsPence" | "minimumMonthlyChargePence" | "paymentGraceDays" | "autoSuspend"
>;

/** Every version of one plan, as the rating engine takes them. */
export async function planVersionsOf(tx: Database, planId: string): Promise<PlanVersion[]> {
  const rows = await tx
    .select({ plan: plans, version: planVersions })
    .from(planVersions)
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .where(eq(planVersions.planId, planId))
    .orderBy(asc(planVersions.version));
  return rows.map(({ plan, version }) => ({
    planId: plan.id,
    version: version.version,
    effectiveFrom: version.effectiveFrom,
    name: plan.name,
    kind: plan.kind,
    currency: "GBP",
    vatRateBasisPoints: version.vatRateBasisPoints,
    deviceMonthlyFeePence: version.deviceMonthlyFeePence,
    allowanceCreditsPerDevice: version.allowanceCreditsPerDevice,
    pricePer1000CreditsPence: version.pricePer1000CreditsPence,
    minimumMonthlyChargePence: version.minimumMonthlyChargePence,
    paymentGraceDays: version.paymentGraceDays,
    autoSuspend: version.autoSuspend,
  }));
}

/** Plans with their version history, for billing staff. */
export async function listPlans(tx: Database) {
  const all = await tx.select().from(plans).orderBy(asc(plans.name));
  const versions = await tx.select().from(planVersions).orderBy(desc(planVersions.version));
  const subscribers = await tx.select({ planId: tenantBilling.planId }).from(tenantBilling);
  return all.map((plan) => ({
    ...plan,
    versions: versions.filter((v) => v.planId === plan.id),
    tenantCount: subscribers.filter((s) => s.planId === plan.id).length,
  }));
}

/**
 * A new plan's first prices apply from the current period by default, so it can be assigned straight
 * away. Staff may start it from an earlier, not yet invoiced period (a plan nobody was on cannot have
 * billed anything, so this changes no issued invoice); never from a future one.
 */
export async function createPlan(tx: Database, actor: Actor, input: { name: string; kind: "standard" | "internal"; prices: PlanPrices; startsFrom?: BillingPeriod }, now = new Date()) {
  const startsFrom = input.startsFrom ?? periodContaining(now);
  if (startsFrom.start > periodContaining(now).start) throw invalid("A new plan starts in the current month or an earlier one; to change prices later, add a version.");
  const existing = await tx.select({ id: plans.id }).from(plans).where(eq(plans.name, input.name));
  if (existing.length) throw conflict(`A plan called "${input.name}" already exists.`);
  const [plan] = await tx.insert(plans).values({ name: input.name, kind: input.kind }).returning();
  await tx.insert(planVersions).values({ planId: plan!.id, version: 1, effectiveFrom: startsFrom.start, createdBy: actor.userId, ...input.prices });
  await recordAudit(tx, actor, { tenantId: null, action: "plan.created", targetType: "plan", targetId: plan!.id, details: { name: input.name, kind: input.kind, startsFrom: startsFrom.start.toISOString(), ...input.prices } });
  return plan!;
}

/**
 * A price change applies from the start of the next period, never to usage already made. Changing prices
 * again before then replaces the pending version (it has never been used), so there is one per period.
 */
export async function changePlanPrices(tx: Database, actor: Actor, planId: string, prices: PlanPrices, now = new Date()) {
  const [plan] = await tx.select().from(plans).where(eq(plans.id, planId));
  if (!plan) throw notFound("That plan");
  const effectiveFrom = nextVersionEffectiveFrom(now);
  const [pending] = await tx.select().from(planVersions).where(and(eq(planVersions.planId, planId), gt(planVersions.effectiveFrom, periodContaining(now).start)));
  const [latest] = await tx.select({ version: planVersions.version }).from(planVersions).where(eq(planVersions.planId, planId)).orderBy(desc(planVersions.version)).limit(1);
  let version: number;
  if (pending) {
    version = pending.version;
    await tx.update(planVersions).set({ ...prices, effectiveFrom, createdBy: actor.userId, createdAt: now }).where(and(eq(planVersions.planId, planId), eq(planVersions.version, pending.version)));
  } else {
    version = (latest?.version ?? 0) + 1;
    await tx.insert(planVersions).values({ planId, version, effectiveFrom, createdBy: actor.userId, ...prices });
  }
  await recordAudit(tx, actor, { tenantId: null, action: "plan.prices_changed", targetType: "plan", targetId: planId, details: { version, effectiveFrom: effectiveFrom.toISOString(), ...prices } });
  return { version, effectiveFrom };
}
