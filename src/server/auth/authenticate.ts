import { eq } from "drizzle-orm";
import { verifyPassword } from "@/domain/identity/password";
import { withPlatform, type Database } from "@/server/db";
import { users } from "@/server/db/schema";
import { clearAccountFailures, isSignInLocked, recordSignInFailure } from "./sign-in-limits";

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; platformRole: "operator" | "billing" | null } }
  | { ok: false; reason: "invalid" | "locked" };

/** Email + password check behind the Credentials provider; the limit is checked before the (slow) hash. */
export async function authenticate(db: Database, email: string, password: string, address: string): Promise<SignInResult> {
  const normalised = email.trim().toLowerCase();
  return withPlatform(db, async (tx) => {
    if (await isSignInLocked(tx, normalised, address)) return { ok: false, reason: "locked" } as const;
    const [user] = await tx.select().from(users).where(eq(users.email, normalised));
    const valid = Boolean(user?.passwordHash && !user.disabled && (await verifyPassword(password, user.passwordHash)));
    if (!valid || !user) {
      await recordSignInFailure(tx, normalised, address);
      return { ok: false, reason: "invalid" } as const;
    }
    await clearAccountFailures(tx, normalised);
    return { ok: true, user: { id: user.id, email: user.email, name: user.name, platformRole: user.platformRole } } as const;
  });
}
