import { sql, type SQL } from "drizzle-orm";
import { pgPolicy, pgRole } from "drizzle-orm/pg-core";

/**
 * Database roles. Both are created by the first (hand-written) migration, so drizzle only refers to them.
 * - appUser: what every tenant request runs as; row-level security limits it to one tenant.
 * - appOperator: the explicit, separately named path for council-wide queries (operator console, jobs).
 */
export const appUser = pgRole("app_user").existing();
export const appOperator = pgRole("app_operator").existing();

/** The tenant chosen by withTenant(); unset means "no tenant", which matches no rows (never an error). */
export const currentTenantId = sql`nullif(current_setting('app.tenant_id', true), '')::uuid`;
/** The signed-in user, set alongside the tenant so a user can always see their own identity rows. */
export const currentUserId = sql`nullif(current_setting('app.user_id', true), '')::uuid`;

/**
 * The two policies every tenant-owned table carries: tenant rows for app_user, everything for app_operator.
 * `match` defaults to the table's tenant_id column.
 */
export function tenantPolicies(table: string, match: SQL = sql`tenant_id = ${currentTenantId}`) {
  return [
    pgPolicy(`${table}_tenant_isolation`, { as: "permissive", for: "all", to: appUser, using: match, withCheck: match }),
    pgPolicy(`${table}_operator_access`, { as: "permissive", for: "all", to: appOperator, using: sql`true`, withCheck: sql`true` }),
  ];
}
