import { and, asc, eq, ilike, isNull, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/server/db";
import { plans, tenantBilling, tenants } from "@/server/db/schema";
import { containsPattern } from "@/server/db/search";

/** What billing staff narrow the accounts list by: a tenant name, and whether payments are behind. */
export interface BillingAccountFilter {
  search?: string;
  /** "no_plan": not on a plan yet; "behind": past due, suspension requested or suspended for not paying. */
  payments?: "no_plan" | "behind";
  page: number;
  pageSize: number;
}

const dunningStatus = sql<string>`coalesce(${tenantBilling.dunning}->>'status', 'current')`;

/** One page of tenants' billing set-ups, by name, and how many match in all. */
export async function listBillingAccounts(tx: Database, filter: BillingAccountFilter) {
  const where: SQL[] = [];
  if (filter.search) where.push(ilike(tenants.name, containsPattern(filter.search)));
  if (filter.payments === "no_plan") where.push(isNull(tenantBilling.planId));
  if (filter.payments === "behind") where.push(sql`${dunningStatus} <> 'current'`);
  const condition = where.length ? and(...where) : undefined;
  const rows = await tx
    .select({
      tenantId: tenants.id, name: tenants.name, status: tenants.status, planId: tenantBilling.planId, planName: plans.name,
      paymentMethod: tenantBilling.paymentMethod, poNumber: tenantBilling.poNumber, paymentTermsDays: tenantBilling.paymentTermsDays,
      dunningStatus, stripeCustomerId: tenantBilling.stripeCustomerId,
    })
    .from(tenants)
    .leftJoin(tenantBilling, eq(tenantBilling.tenantId, tenants.id))
    .leftJoin(plans, eq(plans.id, tenantBilling.planId))
    .where(condition)
    .orderBy(asc(tenants.name), asc(tenants.id))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const [count] = await tx
    .select({ total: sql<number>`count(*)::int` })
    .from(tenants)
    .leftJoin(tenantBilling, eq(tenantBilling.tenantId, tenants.id))
    .where(condition);
  return { rows, total: count?.total ?? 0 };
}
