import { index, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";
import { tenantPolicies } from "./roles";
import { tenants } from "./tenancy";

/**
 * A tenant's key for the REST API (/api/v1), which lets its machines list devices and read their events
 * (read-only: changes go through the portal, where people are accountable for them). The key itself is
 * shown once; only its SHA-256 is kept.
 * `public_id` is globally unique so a request's key is found before its tenant is known.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    publicId: text("public_id").notNull(),
    keyHash: text("key_hash").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    createdBy: uuid("created_by"),
    lastUsedAt: timestamptz("last_used_at"),
    revokedAt: timestamptz("revoked_at"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("api_keys_public_id").on(t.publicId),
    index("api_keys_tenant_created").on(t.tenantId, t.createdAt),
    ...tenantPolicies("api_keys"),
  ],
).enableRLS();
