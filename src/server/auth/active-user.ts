import { eq } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { withPlatform } from "@/server/db/scopes";
import { users } from "@/server/db/schema";

/**
 * The person a session names, re-read on every request so a disabled account or a changed platform
 * role takes effect at once; null when the account is gone or disabled.
 */
export async function findActiveUser(db: Database, userId: string) {
  const [user] = await withPlatform(db, (tx) =>
    tx.select({ id: users.id, email: users.email, name: users.name, platformRole: users.platformRole, disabled: users.disabled }).from(users).where(eq(users.id, userId)),
  );
  return user && !user.disabled ? user : null;
}

/** The same, found by email address (single sign-on matches people by the address their provider gives). */
export async function findActiveUserByEmail(db: Database, email: string) {
  const [user] = await withPlatform(db, (tx) => tx.select({ id: users.id, disabled: users.disabled }).from(users).where(eq(users.email, email.toLowerCase())));
  return user && !user.disabled ? user : null;
}
