import { sql } from "drizzle-orm";
import { bigserial, boolean, check, doublePrecision, foreignKey, index, integer, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";
import { users } from "./identity";
import { tenantPolicies } from "./roles";
import { tenants } from "./tenancy";

export const alertKind = pgEnum("alert_kind", ["silent", "battery", "field"]);
export const alertComparison = pgEnum("alert_comparison", ["above", "below"]);

/**
 * A condition a tenant wants to hear about: a device silent for N hours, a battery under X %, or a
 * decoded field over or under a threshold; for one device or all of the tenant's.
 */
export const alertRules = pgTable(
  "alert_rules",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    kind: alertKind("kind").notNull(),
    /** Null: every device of the tenant. */
    deviceId: uuid("device_id"),
    silentHours: integer("silent_hours"),
    batteryBelowPercent: integer("battery_below_percent"),
    field: text("field"),
    comparison: alertComparison("comparison"),
    threshold: doublePrecision("threshold"),
    enabled: boolean("enabled").notNull().default(true),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    check(
      "alert_rules_shape",
      sql`(kind = 'silent' and silent_hours between 1 and 720 and battery_below_percent is null and field is null)
        or (kind = 'battery' and battery_below_percent between 1 and 100 and silent_hours is null and field is null)
        or (kind = 'field' and field is not null and comparison is not null and threshold is not null and silent_hours is null and battery_below_percent is null)`,
    ),
    ...tenantPolicies("alert_rules"),
  ],
).enableRLS();

/**
 * One alert: a rule's condition holding for one device, from when the evaluation first saw it to when
 * it saw it end. At most one open episode per rule and device (the partial unique index), so a
 * condition fires once however often it is evaluated, and again only after it has cleared.
 */
export const alertEpisodes = pgTable(
  "alert_episodes",
  {
    tenantId: uuid("tenant_id").notNull(),
    id: bigserial("id", { mode: "number" }).notNull(),
    ruleId: uuid("rule_id").notNull(),
    deviceId: uuid("device_id").notNull(),
    startedAt: timestamptz("started_at").notNull(),
    clearedAt: timestamptz("cleared_at"),
    /** What was seen when it fired: hours silent, battery %, or the field's value. */
    value: doublePrecision("value"),
    message: text("message").notNull(),
    /**
     * When the tenant was last emailed about it: null until its firing was (retried by the next rounds),
     * then earlier than cleared_at while its clearing waits to be emailed.
     */
    emailedAt: timestamptz("emailed_at"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("alert_episodes_one_open").on(t.tenantId, t.ruleId, t.deviceId).where(sql`cleared_at is null`),
    index("alert_episodes_recent").on(t.tenantId, t.startedAt),
    foreignKey({ columns: [t.tenantId, t.ruleId], foreignColumns: [alertRules.tenantId, alertRules.id] }).onDelete("cascade"),
    ...tenantPolicies("alert_episodes"),
  ],
).enableRLS();
