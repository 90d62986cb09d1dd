import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, check, foreignKey, index, integer, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { alertEpisodes } from "./alerts";
import { timestamptz } from "./columns";
import { deviceEvents, eventKind } from "./network";
import { tenantPolicies } from "./roles";
import { tenants } from "./tenancy";

/**
 * A tenant's HTTP endpoint that receives its devices' events as they are stored (a webhook). The
 * signing secret is kept encrypted (AES-256-GCM, bound to the forwarder's id) because every delivery
 * must be signed with it; it is shown to the tenant once, when created or rotated.
 */
export const forwarders = pgTable(
  "forwarders",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    url: text("url").notNull(),
    secretEnc: text("secret_enc").notNull(),
    eventKinds: eventKind("event_kinds").array().notNull().default(sql`'{uplink}'`),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    lastDeliveredAt: timestamptz("last_delivered_at"),
    lastFailedAt: timestamptz("last_failed_at"),
    lastError: text("last_error"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), ...tenantPolicies("forwarders")],
).enableRLS();

export const deliveryStatus = pgEnum("forward_delivery_status", ["pending", "delivered", "failed"]);
/** An alert episode is delivered when it fires and again when it clears. */
export const alertState = pgEnum("alert_state", ["fired", "cleared"]);

/**
 * The outbox: one row per event and forwarder, written in the same transaction as the event, so an
 * event is never stored without its deliveries (nor delivered twice by a replayed batch: the unique
 * key). Workers claim due rows with SKIP LOCKED and push `next_attempt_at` ahead as a lease, so a
 * crashed worker's deliveries are retried (at least once; receivers deduplicate by delivery id).
 * A delivery carries either a stored event or an alert episode's firing or clearing (written by the
 * alerts job in the transaction that opens or closes the episode).
 */
export const forwardDeliveries = pgTable(
  "forward_deliveries",
  {
    tenantId: uuid("tenant_id").notNull(),
    id: bigserial("id", { mode: "number" }).notNull(),
    forwarderId: uuid("forwarder_id").notNull(),
    /** A device event's (tenant_id, id); no foreign key, as device_events is partitioned (drizzle/0037). */
    eventId: bigint("event_id", { mode: "number" }),
    alertEpisodeId: bigint("alert_episode_id", { mode: "number" }),
    alertState: alertState("alert_state"),
    status: deliveryStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamptz("next_attempt_at").notNull().defaultNow(),
    lastAttemptAt: timestamptz("last_attempt_at"),
    /** HTTP status of the last attempt, null when it got no answer (refused, timed out). */
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    deliveredAt: timestamptz("delivered_at"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("forward_deliveries_once").on(t.tenantId, t.forwarderId, t.eventId),
    uniqueIndex("forward_deliveries_alert_once").on(t.tenantId, t.forwarderId, t.alertEpisodeId, t.alertState).where(sql`alert_episode_id is not null`),
    check("forward_deliveries_one_subject", sql`(event_id is null) <> (alert_episode_id is null) and (alert_episode_id is null) = (alert_state is null)`),
    index("forward_deliveries_due").on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index("forward_deliveries_by_forwarder").on(t.tenantId, t.forwarderId, t.id),
    // The portal's counts and status filter per endpoint.
    index("forward_deliveries_by_status").on(t.tenantId, t.forwarderId, t.status, t.id),
    // The retention job finds delivered rows past their age without reading the rest.
    index("forward_deliveries_delivered").on(t.deliveredAt).where(sql`status = 'delivered'`),
    foreignKey({ columns: [t.tenantId, t.forwarderId], foreignColumns: [forwarders.tenantId, forwarders.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.alertEpisodeId], foreignColumns: [alertEpisodes.tenantId, alertEpisodes.id] }).onDelete("cascade"),
    ...tenantPolicies("forward_deliveries"),
  ],
).enableRLS();
