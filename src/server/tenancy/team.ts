import { and, asc, eq, sql } from "drizzle-orm";
import { conflict, forbidden, notFound } from "@/domain/errors";
import { canAssignRole, type TenantRole } from "@/domain/tenancy/roles";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { memberships, users } from "@/server/db/schema";

export async function listMembers(tx: Database, tenantId: string) {
  return tx
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, since: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenantId, tenantId))
    .orderBy(asc(users.name));
}

async function memberRole(tx: Database, tenantId: string, userId: string) {
  const [row] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)))
    .for("update");
  if (!row) throw notFound("That team member");
  return row.role;
}

/** A tenant must always keep an owner, otherwise nobody could manage its team or billing. */
async function assertNotLastOwner(tx: Database, tenantId: string) {
  const [row] = await tx
    .select({ owners: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, "owner")));
  if ((row?.owners ?? 0) <= 1) throw conflict("A tenant needs at least one owner; make someone else owner first.");
}

export async function changeMemberRole(tx: Database, actor: Actor & { role: TenantRole }, tenantId: string, userId: string, role: TenantRole) {
  const current = await memberRole(tx, tenantId, userId);
  if (!canAssignRole(actor.role, role) || !canAssignRole(actor.role, current)) {
    throw forbidden("Only an owner can give or take away the owner role.");
  }
  if (current === role) return;
  if (current === "owner") await assertNotLastOwner(tx, tenantId);
  await tx.update(memberships).set({ role }).where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
  await recordAudit(tx, actor, { tenantId, action: "member.role_changed", targetType: "user", targetId: userId, details: { from: current, to: role } });
}

export async function removeMember(tx: Database, actor: Actor & { role: TenantRole }, tenantId: string, userId: string) {
  const current = await memberRole(tx, tenantId, userId);
  if (!canAssignRole(actor.role, current)) throw forbidden("Only an owner can remove another owner.");
  if (current === "owner") await assertNotLastOwner(tx, tenantId);
  await tx.delete(memberships).where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
  await recordAudit(tx, actor, { tenantId, action: "member.removed", targetType: "user", targetId: userId, details: { role: current } });
}
