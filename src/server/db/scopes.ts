import { sql } from "drizzle-orm";
import type { Database } from "./client";

/**
 * The only three ways application code reaches data. Each opens a transaction and switches to a
 * non-owner role for it, so row-level security applies; SET LOCAL / set_config(..., true) end with
 * the transaction, so nothing leaks to the next user of a pooled connection.
 */

/** Acting inside one tenant: every tenant-owned table shows (and accepts) only that tenant's rows. */
export function withTenant<T>(db: Database, scope: { tenantId: string; userId?: string }, fn: (tx: Database) => Promise<T>) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local role app_user`);
    await tx.execute(sql`select set_config('app.tenant_id', ${scope.tenantId}, true), set_config('app.user_id', ${scope.userId ?? ""}, true)`);
    return fn(tx as unknown as Database);
  });
}

/** A signed-in person outside any tenant: they see only themselves and their own memberships. */
export function withUser<T>(db: Database, userId: string, fn: (tx: Database) => Promise<T>) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local role app_user`);
    await tx.execute(sql`select set_config('app.user_id', ${userId}, true)`);
    return fn(tx as unknown as Database);
  });
}

/**
 * Network-wide access for trusted server code: the operator console, billing staff, sign-in and
 * background jobs. Named separately so a reviewer can find every place that crosses tenants.
 */
export function withPlatform<T>(db: Database, fn: (tx: Database) => Promise<T>) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local role app_operator`);
    return fn(tx as unknown as Database);
  });
}
