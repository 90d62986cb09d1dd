import { and, eq, gt, isNull } from "drizzle-orm";
import { invalid } from "@/domain/errors";
import { hashPassword } from "@/domain/identity/password";
import { hashLinkToken, newLinkToken } from "@/domain/identity/tokens";
import { recordAudit } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { passwordResetTokens, users } from "@/server/db/schema";
import type { Mailer } from "@/server/mail/mailer";

const RESET_LIFETIME_MS = 60 * 60 * 1000;

/**
 * Emails a reset link when the address belongs to an active account. The caller always gets the same
 * answer, so the form cannot be used to find out who has an account.
 */
export async function requestPasswordReset(platformTx: Database, email: string, appUrl: string, mailer: Mailer) {
  const [user] = await platformTx.select().from(users).where(eq(users.email, email));
  if (!user || user.disabled) return;
  const { token, tokenHash } = newLinkToken();
  await platformTx.insert(passwordResetTokens).values({ tokenHash, userId: user.id, expiresAt: new Date(Date.now() + RESET_LIFETIME_MS) });
  await mailer.send({
    to: email,
    subject: "Reset your Longreach password",
    text: `Someone asked to reset the password for ${email}. If it was you, choose a new one within an hour:\n${appUrl}/reset-password/${token}\n\nIf it wasn't, ignore this message.`,
  });
}

export async function completePasswordReset(platformTx: Database, token: string, newPassword: string) {
  const [used] = await platformTx
    .update(passwordResetTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(passwordResetTokens.tokenHash, hashLinkToken(token)), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, new Date())))
    .returning({ userId: passwordResetTokens.userId });
  if (!used) throw invalid("This reset link has expired or was already used. Ask for a new one.");
  const [user] = await platformTx
    .update(users)
    .set({ passwordHash: await hashPassword(newPassword) })
    .where(eq(users.id, used.userId))
    .returning({ id: users.id, email: users.email });
  await recordAudit(platformTx, { userId: user!.id, email: user!.email }, { tenantId: null, action: "user.password_reset", targetType: "user", targetId: user!.id });
}
