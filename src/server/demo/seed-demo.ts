import { eq } from "drizzle-orm";
import { hashPassword } from "@/domain/identity/password";
import { withPlatform, type Database } from "@/server/db";
import { memberships, tenants, users } from "@/server/db/schema";
import { DEMO_PASSWORD, DEMO_STAFF, DEMO_TENANTS } from "./demo-accounts";

/**
 * Creates the demo council staff, tenants and their owners. Idempotent: existing rows (found by email
 * or slug) are left as they are, so running it on every start never duplicates or resets anything.
 */
export async function seedDemo(db: Database) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await withPlatform(db, async (tx) => {
    for (const staff of DEMO_STAFF) {
      await tx.insert(users).values({ email: staff.email, name: staff.name, platformRole: staff.platformRole, passwordHash }).onConflictDoNothing();
    }
    for (const demo of DEMO_TENANTS) {
      await tx
        .insert(tenants)
        .values({ slug: demo.slug, name: demo.name, contactEmail: demo.owner.email, billingEmail: demo.owner.email, planName: demo.planName, status: "active" })
        .onConflictDoNothing();
      await tx.insert(users).values({ email: demo.owner.email, name: demo.owner.name, passwordHash }).onConflictDoNothing();
      const [tenant] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, demo.slug));
      const [owner] = await tx.select({ id: users.id }).from(users).where(eq(users.email, demo.owner.email));
      await tx.insert(memberships).values({ tenantId: tenant!.id, userId: owner!.id, role: "owner" }).onConflictDoNothing();
    }
  });
}
