import { and, asc, eq, ne } from "drizzle-orm";
import { withUser, type Database } from "@/server/db";
import { memberships, tenants } from "@/server/db/schema";

/**
 * The tenants a person belongs to, read under their own identity (row-level security shows only their
 * memberships). Closed tenants are left out. Optionally narrowed to one slug for request routing.
 */
export function listMyTenants(db: Database, userId: string, slug?: string) {
  return withUser(db, userId, (tx) =>
    tx
      .select({ id: tenants.id, slug: tenants.slug, name: tenants.name, status: tenants.status, role: memberships.role })
      .from(memberships)
      .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
      .where(and(eq(memberships.userId, userId), ne(tenants.status, "closed"), slug ? eq(tenants.slug, slug) : undefined))
      .orderBy(asc(tenants.name)),
  );
}
