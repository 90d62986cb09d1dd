import { sql } from "drizzle-orm";
import { index, pgEnum, pgPolicy, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";
import { appUser, currentTenantId, currentUserId, tenantPolicies } from "./roles";
import { users } from "./identity";

export const tenantStatus = pgEnum("tenant_status", ["pending", "active", "suspended", "closed"]);
export const tenantRole = pgEnum("tenant_role", ["owner", "admin", "member", "viewer"]);

/** A tenant organisation: a business or public body using the council's network. */
export const tenants = pgTable(
  "tenants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    contactEmail: text("contact_email").notNull(),
    billingEmail: text("billing_email").notNull(),
    planName: text("plan_name"),
    status: tenantStatus("status").notNull().default("pending"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  () => [
    ...tenantPolicies("tenants", sql`id = ${currentTenantId}`),
    // Members may see (not change) every tenant they belong to, to list and switch between them.
    pgPolicy("tenants_visible_to_members", {
      as: "permissive",
      for: "select",
      to: appUser,
      using: sql`exists (select 1 from memberships m where m.tenant_id = tenants.id and m.user_id = ${currentUserId})`,
    }),
  ],
).enableRLS();

export const memberships = pgTable(
  "memberships",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: tenantRole("role").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId] }),
    index("memberships_user_idx").on(t.userId),
    // A user may always see their own memberships (to list and switch tenants), never anyone else's elsewhere.
    ...tenantPolicies("memberships", sql`tenant_id = ${currentTenantId} or user_id = ${currentUserId}`),
  ],
).enableRLS();

export const invitations = pgTable(
  "invitations",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    email: text("email").notNull(),
    role: tenantRole("role").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamptz("expires_at").notNull(),
    acceptedAt: timestamptz("accepted_at"),
    revokedAt: timestamptz("revoked_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), ...tenantPolicies("invitations")],
).enableRLS();
