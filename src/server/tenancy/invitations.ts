import { and, eq, gt, isNull } from "drizzle-orm";
import { conflict, invalid, notFound } from "@/domain/errors";
import { hashPassword } from "@/domain/identity/password";
import { hashLinkToken, newLinkToken } from "@/domain/identity/tokens";
import type { TenantRole } from "@/domain/tenancy/roles";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { invitations, memberships, tenants, users } from "@/server/db/schema";
import type { Mailer } from "@/server/mail/mailer";

export const INVITATION_LIFETIME_DAYS = 7;

/**
 * Invites someone into a tenant. Runs inside the tenant's scope (or the operator's when onboarding),
 * so a tenant admin can only ever invite into their own tenant.
 */
export async function inviteToTenant(
  tx: Database,
  actor: Actor,
  input: { tenantId: string; email: string; role: TenantRole; appUrl: string; mailer: Mailer },
) {
  const [tenant] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, input.tenantId));
  if (!tenant) throw notFound("That tenant");
  const existingMember = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, input.tenantId), eq(users.email, input.email)));
  if (existingMember.length) throw conflict(`${input.email} is already a member of ${tenant.name}.`);

  const { token, tokenHash } = newLinkToken();
  const expiresAt = new Date(Date.now() + INVITATION_LIFETIME_DAYS * 86_400_000);
  const [invitation] = await tx
    .insert(invitations)
    .values({ tenantId: input.tenantId, email: input.email, role: input.role, tokenHash, invitedBy: actor.userId, expiresAt })
    .returning({ id: invitations.id });
  await recordAudit(tx, actor, {
    tenantId: input.tenantId, action: "invitation.created", targetType: "invitation", targetId: invitation!.id,
    details: { email: input.email, role: input.role },
  });
  const link = `${input.appUrl}/invite/${token}`;
  await input.mailer.send({
    to: input.email,
    subject: `You're invited to ${tenant.name} on Longreach`,
    text: `${actor.email} invited you to join ${tenant.name} as ${input.role}.\n\nAccept within ${INVITATION_LIFETIME_DAYS} days: ${link}\n`,
  });
  return { invitationId: invitation!.id, link, expiresAt };
}

/** What the invitation page shows before the invitee sets a password. Needs the platform scope: the invitee has no tenant yet. */
export async function previewInvitation(platformTx: Database, token: string) {
  const invitation = await findUsableInvitation(platformTx, token);
  const [existing] = await platformTx.select({ id: users.id }).from(users).where(eq(users.email, invitation.email));
  return { tenantName: invitation.tenantName, email: invitation.email, role: invitation.role, hasAccount: Boolean(existing) };
}

/**
 * Accepts an invitation: a new person sets their name and password; someone who already has an account
 * must be signed in as that account (acceptingUserId). Marking the invitation used happens in the same
 * transaction, so a link can never be used twice.
 */
export async function acceptInvitation(
  platformTx: Database,
  token: string,
  who: { newAccount: { name: string; password: string } } | { acceptingUserId: string },
) {
  const invitation = await findUsableInvitation(platformTx, token);
  const [existing] = await platformTx.select().from(users).where(eq(users.email, invitation.email));
  let userId: string;
  if ("acceptingUserId" in who) {
    if (!existing || existing.id !== who.acceptingUserId) {
      throw invalid(`This invitation is for ${invitation.email}; sign in as that address to accept it.`);
    }
    userId = existing.id;
  } else {
    if (existing) throw conflict(`An account for ${invitation.email} already exists; sign in first, then open the link again.`);
    const [created] = await platformTx
      .insert(users)
      .values({ email: invitation.email, name: who.newAccount.name, passwordHash: await hashPassword(who.newAccount.password) })
      .returning({ id: users.id });
    userId = created!.id;
  }
  const used = await platformTx
    .update(invitations)
    .set({ acceptedAt: new Date() })
    .where(and(eq(invitations.tenantId, invitation.tenantId), eq(invitations.id, invitation.id), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id });
  if (!used.length) throw invalid("This invitation has already been used.");
  await platformTx
    .insert(memberships)
    .values({ tenantId: invitation.tenantId, userId, role: invitation.role })
    .onConflictDoNothing();
  await recordAudit(platformTx, { userId, email: invitation.email }, {
    tenantId: invitation.tenantId, action: "invitation.accepted", targetType: "user", targetId: userId, details: { role: invitation.role },
  });
  return { tenantId: invitation.tenantId, tenantSlug: invitation.tenantSlug, email: invitation.email };
}

async function findUsableInvitation(tx: Database, token: string) {
  const [row] = await tx
    .select({
      id: invitations.id, tenantId: invitations.tenantId, email: invitations.email, role: invitations.role,
      expiresAt: invitations.expiresAt, acceptedAt: invitations.acceptedAt, revokedAt: invitations.revokedAt,
      tenantName: tenants.name, tenantSlug: tenants.slug, tenantStatus: tenants.status,
    })
    .from(invitations)
    .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
    .where(eq(invitations.tokenHash, hashLinkToken(token)));
  if (!row) throw notFound("That invitation link");
  if (row.acceptedAt) throw invalid("This invitation has already been used. Sign in instead, or ask for a new invitation.");
  if (row.revokedAt) throw invalid("This invitation was withdrawn. Ask the tenant's admin for a new one.");
  if (row.expiresAt <= new Date()) throw invalid("This invitation has expired. Ask the tenant's admin to send a new one.");
  if (row.tenantStatus === "closed") throw invalid(`${row.tenantName} has been closed.`);
  return row;
}

export async function listPendingInvitations(tx: Database, tenantId: string) {
  return tx
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt, createdAt: invitations.createdAt })
    .from(invitations)
    .where(and(eq(invitations.tenantId, tenantId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())));
}

export async function revokeInvitation(tx: Database, actor: Actor, tenantId: string, invitationId: string) {
  const revoked = await tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.tenantId, tenantId), eq(invitations.id, invitationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning({ email: invitations.email });
  if (!revoked.length) throw notFound("That pending invitation");
  await recordAudit(tx, actor, { tenantId, action: "invitation.revoked", targetType: "invitation", targetId: invitationId, details: { email: revoked[0]!.email } });
}
