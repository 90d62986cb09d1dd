import { sql } from "drizzle-orm";
import type { Database } from "./client";

/**
 * The only three ways application code reaches data. Each opens a transaction and switches to a
 * non-owner role for it, so row-level security applies; SET LOCAL / set_config(..., true) end with
 * the transaction, so nothing leaks to the next user of a pooled connection.
 */

/** Acting inside one tenant: every tenant-owned table shows (and accepts) only that tenant's rows. */
export function withTenant<T>(db: Database, scope: { tenantId: string; userId?: string }, fn: (tx: Database) => Promise<T>) {
  return inTransactionAs(db, sql`select set_config('role', 'app_user', true), set_config('app.tenant_id', ${scope.tenantId}, true), set_config('app.user_id', ${scope.userId ?? ""}, true)`, fn);
}

/** A signed-in person outside any tenant: they see only themselves and their own memberships. */
export function withUser<T>(db: Database, userId: string, fn: (tx: Database) => Promise<T>) {
  return inTransactionAs(db, sql`select set_config('role', 'app_user', true), set_config('app.user_id', ${userId}, true)`, fn);
}

/**
 * Network-wide access for trusted server code: the operator console, billing staff, sign-in and
 * background jobs. Named separately so a reviewer can find every place that crosses tenants.
 */
export function withPlatform<T>(db: Database, fn: (tx: Database) => Promise<T>) {
  return inTransactionAs(db, sql`select set_config('role', 'app_operator', true)`, fn);
}

/**
 * A transaction whose first statement sets its role and settings (one statement, set_config(…, true)
 * being SET LOCAL), sent ahead of `fn`'s first query without waiting for its answer: both drivers run a
 * transaction's statements in the order they were started, and if it failed the transaction is
 * aborted, so nothing of `fn` can run without it. That saves a round trip on every transaction.
 */
function inTransactionAs<T>(db: Database, settings: ReturnType<typeof sql>, fn: (tx: Database) => Promise<T>) {
  return db.transaction(async (tx) => {
    // drizzle runs a query when it is awaited; then() starts it now, before anything fn does.
    const set = tx.execute(settings).then(() => undefined);
    const [, result] = await Promise.all([set, fn(tx as unknown as Database)]);
    return result;
  });
}
