import { randomUUID } from "node:crypto";
import { hashPassword } from "@/domain/identity/password";
import type { TenantRole } from "@/domain/tenancy/roles";
import type { Context } from "@/server/api/context";
import { createCaller } from "@/server/api/root";
import { withPlatform, type Database } from "@/server/db";
import { memberships, tenants, users } from "@/server/db/schema";
import type { MailMessage, Mailer } from "@/server/mail/mailer";

/** Unique per call so test files can share one PostgreSQL database without stepping on each other. */
export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export const TEST_PASSWORD = "a-long-test-password";
let cachedHash: Promise<string> | undefined;

export async function createUser(db: Database, opts: { platformRole?: "operator" | "billing"; email?: string } = {}) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = await cachedHash;
  const [user] = await withPlatform(db, (tx) =>
    tx.insert(users).values({ email: opts.email ?? `${unique("user")}@example.org`, name: "Test Person", passwordHash, platformRole: opts.platformRole ?? null }).returning(),
  );
  return user!;
}

export async function createTenant(db: Database, status: "pending" | "active" | "suspended" | "closed" = "active") {
  const slug = unique("tenant");
  const [tenant] = await withPlatform(db, (tx) =>
    tx.insert(tenants).values({ slug, name: `Tenant ${slug}`, contactEmail: `${slug}@example.org`, billingEmail: `${slug}@example.org`, status }).returning(),
  );
  return tenant!;
}

export async function addMember(db: Database, tenantId: string, userId: string, role: TenantRole) {
  await withPlatform(db, (tx) => tx.insert(memberships).values({ tenantId, userId, role }));
}

/** A tenant with one user per role, ready to act. */
export async function createTenantWithTeam(db: Database) {
  const tenant = await createTenant(db);
  const team = {} as Record<TenantRole, Awaited<ReturnType<typeof createUser>>>;
  for (const role of ["owner", "admin", "member", "viewer"] as const) {
    team[role] = await createUser(db);
    await addMember(db, tenant.id, team[role].id, role);
  }
  return { tenant, ...team };
}

export function captureMail(): Mailer & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return { sent, async send(message) { sent.push(message); } };
}

export type TestTeam = Awaited<ReturnType<typeof createTenantWithTeam>>;

/** A tRPC caller acting as one of the team's users (a member unless told), inside its tenant. */
export function teamCaller(db: Database, team: TestTeam, role: TenantRole = "member") {
  return callerFor(db, team[role].id, team.tenant.slug);
}

/** A tRPC caller acting as `userId` (or anonymous) inside tenant `tenantSlug`, exactly as an HTTP request would. */
export function callerFor(db: Database, userId: string | null, tenantSlug: string | null = null, mailer: Mailer = captureMail()) {
  const ctx: Context = { db, userId, tenantSlug, address: "203.0.113.7", appUrl: "http://localhost:3000", mailer };
  return createCaller(ctx);
}
