import { and, asc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { conflict, notFound } from "@/domain/errors";
import { slugify } from "@/domain/tenancy/slug";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { countWhere, outer } from "@/server/db/correlated";
import { memberships, tenants } from "@/server/db/schema";
import { containsPattern } from "@/server/db/search";

export type TenantStatus = (typeof tenants.$inferSelect)["status"];

export interface TenantListFilter { search?: string; status?: TenantStatus; page: number; pageSize: number }

/** Operator view of all tenants, with member counts; paginated and searchable by name, slug or email. */
export async function listTenants(tx: Database, filter: TenantListFilter) {
  const where: SQL[] = [];
  if (filter.status) where.push(eq(tenants.status, filter.status));
  if (filter.search) {
    const pattern = containsPattern(filter.search);
    where.push(or(ilike(tenants.name, pattern), ilike(tenants.slug, pattern), ilike(tenants.contactEmail, pattern))!);
  }
  const condition = where.length ? and(...where) : undefined;
  const rows = await tx
    .select({
      id: tenants.id, slug: tenants.slug, name: tenants.name, status: tenants.status,
      contactEmail: tenants.contactEmail, planName: tenants.planName, createdAt: tenants.createdAt,
      members: countWhere(memberships, eq(memberships.tenantId, outer(tenants.id))),
    })
    .from(tenants)
    .where(condition)
    .orderBy(asc(tenants.name))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const [count] = await tx.select({ total: sql<number>`count(*)::int` }).from(tenants).where(condition);
  return { rows, total: count?.total ?? 0 };
}

export async function getTenant(tx: Database, tenantId: string) {
  const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw notFound("That tenant");
  return tenant;
}

export interface NewTenant { name: string; contactEmail: string; billingEmail: string; planName?: string | null }

export async function createTenant(tx: Database, actor: Actor, input: NewTenant) {
  const slug = await uniqueSlug(tx, slugify(input.name));
  const [tenant] = await tx
    .insert(tenants)
    .values({ ...input, planName: input.planName ?? null, slug, status: "pending" })
    .returning();
  await recordAudit(tx, actor, { tenantId: tenant!.id, action: "tenant.created", targetType: "tenant", targetId: tenant!.id, details: { name: input.name } });
  return tenant!;
}

export async function updateTenant(tx: Database, actor: Actor, tenantId: string, changes: Partial<NewTenant>) {
  const [tenant] = await tx.update(tenants).set({ ...changes, updatedAt: new Date() }).where(eq(tenants.id, tenantId)).returning();
  if (!tenant) throw notFound("That tenant");
  await recordAudit(tx, actor, { tenantId, action: "tenant.updated", targetType: "tenant", targetId: tenantId, details: changes });
  return tenant;
}

export async function setTenantStatus(tx: Database, actor: Actor, tenantId: string, status: TenantStatus, reason?: string) {
  const before = await getTenant(tx, tenantId);
  if (before.status === "closed") throw conflict("A closed tenant cannot be reopened; create a new tenant instead.");
  if (before.status === status) return before;
  const [tenant] = await tx.update(tenants).set({ status, updatedAt: new Date() }).where(eq(tenants.id, tenantId)).returning();
  await recordAudit(tx, actor, {
    tenantId, action: `tenant.${status}`, targetType: "tenant", targetId: tenantId,
    details: { from: before.status, to: status, ...(reason ? { reason } : {}) },
  });
  return tenant!;
}

async function uniqueSlug(tx: Database, base: string) {
  const taken = await tx.select({ slug: tenants.slug }).from(tenants).where(ilike(tenants.slug, `${base}%`));
  const used = new Set(taken.map((t) => t.slug));
  let slug = base;
  for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}
