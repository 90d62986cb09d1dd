import { sql } from "drizzle-orm";
import { check, foreignKey, index, json, jsonb, pgEnum, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";
import { tenantPolicies } from "./roles";
import { tenants } from "./tenancy";

/** What a key may do: `read` lists and reads; `read-write` may also register, change and delete devices. */
export const apiKeyScope = pgEnum("api_key_scope", ["read", "read-write"]);

/**
 * A tenant's key for the REST API (/api/v1), which lets its machines read devices, events, usage and
 * invoices and, with a read-write key, register and change devices. The key itself is shown once; only
 * its SHA-256 is kept. Keys made before scopes existed are `read` (the column's default).
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
    scope: apiKeyScope("scope").notNull().default("read"),
    /** Null: the key works until it is revoked. */
    expiresAt: timestamptz("expires_at"),
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

/**
 * Each key's request rate, shared by every web process: one row per key holding the generic cell rate
 * algorithm's "theoretical arrival time" (when the key's budget is next fully spent). A request moves it
 * on by one interval in a single upsert, or is refused when that would put it beyond the allowed burst.
 * One row per key, updated in place, so nothing needs cleaning up.
 */
export const apiKeyRateLimits = pgTable(
  "api_key_rate_limits",
  {
    tenantId: uuid("tenant_id").notNull(),
    apiKeyId: uuid("api_key_id").notNull(),
    theoreticalArrival: timestamptz("theoretical_arrival").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.apiKeyId] }),
    foreignKey({ columns: [t.tenantId, t.apiKeyId], foreignColumns: [apiKeys.tenantId, apiKeys.id], name: "api_key_rate_limits_key_fk" }).onDelete("cascade"),
    ...tenantPolicies("api_key_rate_limits"),
  ],
).enableRLS();

/**
 * `Idempotency-Key` headers a key sent with POST requests, with a fingerprint of the request and the
 * answer it got, so a retry gets the same answer instead of doing the work again. The row is written
 * first, in the same transaction as the work, so a concurrent retry waits for it; it is kept a day.
 */
export const apiIdempotencyKeys = pgTable(
  "api_idempotency_keys",
  {
    tenantId: uuid("tenant_id").notNull(),
    apiKeyId: uuid("api_key_id").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    /** SHA-256 of the method, path and validated body. */
    requestFingerprint: text("request_fingerprint").notNull(),
    /** Filled in before the transaction that claimed the key commits. */
    responseStatus: smallint("response_status"),
    /** json, not jsonb: the replayed answer keeps its fields in their order, byte for byte the first answer. */
    responseBody: json("response_body").$type<Record<string, unknown> | null>(),
    responseHeaders: jsonb("response_headers").$type<Record<string, string>>(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    expiresAt: timestamptz("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.apiKeyId, t.idempotencyKey] }),
    foreignKey({ columns: [t.tenantId, t.apiKeyId], foreignColumns: [apiKeys.tenantId, apiKeys.id], name: "api_idempotency_keys_key_fk" }).onDelete("cascade"),
    index("api_idempotency_keys_expires").on(t.expiresAt),
    check("api_idempotency_keys_key_length", sql`length(${t.idempotencyKey}) between 1 and 255`),
    ...tenantPolicies("api_idempotency_keys"),
  ],
).enableRLS();
