import { and, eq, gt, or, sql } from "drizzle-orm";
import type { Database } from "@/server/db";
import { signInFailures } from "@/server/db/schema";

/**
 * Failed sign-ins are limited per account (slows guessing one password) and per address (slows trying
 * many accounts from one place). Counted in the database so all web processes share the limit.
 */
export const SIGN_IN_LIMITS = { windowMs: 15 * 60 * 1000, perAccount: 5, perAddress: 20 };

export async function isSignInLocked(platformTx: Database, email: string, address: string, now = new Date()) {
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMs);
  const [row] = await platformTx
    .select({
      byAccount: sql<number>`count(*) filter (where ${signInFailures.email} = ${email})::int`,
      byAddress: sql<number>`count(*) filter (where ${signInFailures.address} = ${address})::int`,
    })
    .from(signInFailures)
    .where(and(gt(signInFailures.at, since), or(eq(signInFailures.email, email), eq(signInFailures.address, address))));
  return (row?.byAccount ?? 0) >= SIGN_IN_LIMITS.perAccount || (row?.byAddress ?? 0) >= SIGN_IN_LIMITS.perAddress;
}

export async function recordSignInFailure(platformTx: Database, email: string, address: string) {
  await platformTx.insert(signInFailures).values({ email, address });
}

/** A successful sign-in forgives the account's earlier typos (but not the address's). */
export async function clearAccountFailures(platformTx: Database, email: string) {
  await platformTx.delete(signInFailures).where(eq(signInFailures.email, email));
}
