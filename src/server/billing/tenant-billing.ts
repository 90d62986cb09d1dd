import { eq } from "drizzle-orm";
import { notFound } from "@/domain/errors";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { plans, tenantBilling, tenants } from "@/server/db/schema";

export interface BillingTerms {
  planId: string;
  paymentMethod: "stripe" | "invoice";
  poNumber: string | null;
  paymentTermsDays: number;
}

/** Billing staff put a tenant on a plan with its payment route (card/Direct Debit via Stripe, or invoice + PO). */
export async function assignPlan(tx: Database, actor: Actor, tenantId: string, terms: BillingTerms) {
  const [tenant] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw notFound("That tenant");
  const [plan] = await tx.select({ name: plans.name, archived: plans.archived }).from(plans).where(eq(plans.id, terms.planId));
  if (!plan || plan.archived) throw notFound("That plan");
  await tx
    .insert(tenantBilling)
    .values({ tenantId, ...terms })
    .onConflictDoUpdate({ target: tenantBilling.tenantId, set: { ...terms, updatedAt: new Date() } });
  await tx.update(tenants).set({ planName: plan.name }).where(eq(tenants.id, tenantId));
  await recordAudit(tx, actor, { tenantId, action: "billing.plan_assigned", targetType: "tenant", targetId: tenantId, details: { plan: plan.name, ...terms } });
}

export async function getTenantBilling(tx: Database, tenantId: string) {
  const [row] = await tx
    .select({ billing: tenantBilling, planName: plans.name, planKind: plans.kind })
    .from(tenantBilling)
    .leftJoin(plans, eq(plans.id, tenantBilling.planId))
    .where(eq(tenantBilling.tenantId, tenantId));
  return row ? { ...row.billing, planName: row.planName, planKind: row.planKind } : null;
}

/** A tenant's own monthly spending cap (null removes it); alerts go out at 50, 80 and 100 %. */
export async function setBudgetCap(tx: Database, actor: Actor, tenantId: string, capPence: number | null) {
  const updated = await tx.update(tenantBilling).set({ budgetCapPence: capPence, updatedAt: new Date() }).where(eq(tenantBilling.tenantId, tenantId)).returning({ tenantId: tenantBilling.tenantId });
  if (!updated.length) throw notFound("A billing plan for this organisation");
  await recordAudit(tx, actor, { tenantId, action: "billing.budget_set", targetType: "tenant", targetId: tenantId, details: { capPence } });
}
