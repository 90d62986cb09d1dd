import { sql } from "drizzle-orm";
import { index, jsonb, pgPolicy, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";
import { appOperator, appUser, currentTenantId } from "./roles";
import { users } from "./identity";

/**
 * Who did what, when, to which tenant. tenant_id is null for platform-wide actions.
 * Rows are only ever inserted; nobody (not even the operator role) may change or delete them.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id"),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    actorEmail: text("actor_email"),
    /** Set instead of the user columns when a tenant's machine acted through an API key (its name as it was then). */
    actorApiKeyId: uuid("actor_api_key_id"),
    actorApiKeyName: text("actor_api_key_name"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    at: timestamptz("at").notNull().defaultNow(),
  },
  (t) => [
    index("audit_log_tenant_at_idx").on(t.tenantId, t.at),
    index("audit_log_at_idx").on(t.at),
    pgPolicy("audit_log_tenant_read", { as: "permissive", for: "select", to: appUser, using: sql`tenant_id = ${currentTenantId}` }),
    pgPolicy("audit_log_tenant_write", { as: "permissive", for: "insert", to: appUser, withCheck: sql`tenant_id = ${currentTenantId}` }),
    pgPolicy("audit_log_operator_read", { as: "permissive", for: "select", to: appOperator, using: sql`true` }),
    pgPolicy("audit_log_operator_write", { as: "permissive", for: "insert", to: appOperator, withCheck: sql`true` }),
  ],
).enableRLS();
