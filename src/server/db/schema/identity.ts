import { sql } from "drizzle-orm";
import { boolean, index, pgEnum, pgPolicy, pgTable, text, uuid, bigserial } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";
import { appOperator, appUser, currentUserId } from "./roles";

export const platformRole = pgEnum("platform_role", ["operator", "billing"]);

/**
 * People who can sign in. Not tenant-owned (one person may belong to several tenants), but still
 * protected: as app_user you only see yourself and members of the tenant you are acting in.
 */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    platformRole: platformRole("platform_role"),
    disabled: boolean("disabled").notNull().default(false),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  () => [
    pgPolicy("users_visible_to_tenant", {
      as: "permissive",
      for: "select",
      to: appUser,
      // memberships is itself filtered by RLS, so this only finds users of the current tenant.
      using: sql`id = ${currentUserId} or exists (select 1 from memberships m where m.user_id = users.id)`,
    }),
    pgPolicy("users_operator_access", { as: "permissive", for: "all", to: appOperator, using: sql`true`, withCheck: sql`true` }),
  ],
).enableRLS();

/** Single-use password reset links; only the SHA-256 of the token is stored. */
export const passwordResetTokens = pgTable("password_reset_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  expiresAt: timestamptz("expires_at").notNull(),
  usedAt: timestamptz("used_at"),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
});

/** Failed sign-ins, kept in the database so every stateless web process applies the same limit. */
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    email: text("email").notNull(),
    address: text("address").notNull(),
    at: timestamptz("at").notNull().defaultNow(),
  },
  (t) => [index("sign_in_failures_email_idx").on(t.email, t.at), index("sign_in_failures_address_idx").on(t.address, t.at)],
);

export type UserRow = typeof users.$inferSelect;
