import type { NetworkEventKind } from "@/domain/lorawan";
import { sql } from "drizzle-orm";
import {
  bigint, bigserial, boolean, check, customType, doublePrecision, foreignKey, index, integer, jsonb, pgEnum, pgPolicy, pgTable, primaryKey, real, smallint, text, uniqueIndex, uuid,
} from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";
import { appOperator, tenantPolicies } from "./roles";
import { tenants } from "./tenancy";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

export const connectionKind = pgEnum("network_connection_kind", ["chirpstack", "tts"]);
export const deviceClass = pgEnum("device_class", ["A", "B", "C"]);
export const activationMode = pgEnum("activation_mode", ["otaa", "abp"]);
/** Where a device's battery level came from: its decoded payload, or the network server's status reports. */
export const batterySource = pgEnum("battery_source", ["payload", "network"]);
/** What network servers report; "alert" is never a device event, only what a forwarder may take besides them (alert episodes). */
export const eventKind = pgEnum("network_event_kind", ["uplink", "join", "status", "ack", "txack", "log", "location", "downlink", "alert"]);

/** Platform-only tables: no tenant reaches them; the operator role (and ingestion, which runs as it) does. */
function operatorOnly(table: string) {
  return [pgPolicy(`${table}_operator_access`, { as: "permissive", for: "all", to: appOperator, using: sql`true`, withCheck: sql`true` })];
}

/**
 * A network server (ChirpStack or The Things Stack) allowed to push events. Only the SHA-256 of its
 * secret is stored; the secret is shown once, when the operator creates the connection.
 */
export const networkConnections = pgTable(
  "network_connections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: connectionKind("kind").notNull(),
    secretHash: text("secret_hash").notNull().unique(),
    ratePerSecond: integer("rate_per_second").notNull().default(500),
    disabled: boolean("disabled").notNull().default(false),
    lastEventAt: timestamptz("last_event_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  () => operatorOnly("network_connections"),
).enableRLS();

/** Who gave a gateway its location: an operator (never overwritten by traffic) or the network's events. */
export const gatewayLocationSource = pgEnum("gateway_location_source", ["operator", "network"]);

/** Gateways are the council's infrastructure; a tenant may host one (owner), but only operators manage them. */
export const gateways = pgTable(
  "gateways",
  {
    gatewayEui: text("gateway_eui").primaryKey(),
    name: text("name").notNull(),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    /** Null while there is no location. */
    locationSource: gatewayLocationSource("location_source"),
    ownerTenantId: uuid("owner_tenant_id").references(() => tenants.id, { onDelete: "set null" }),
    lastSeenAt: timestamptz("last_seen_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  () => operatorOnly("gateways"),
).enableRLS();

/** Uplinks heard per gateway per hour (a unique uplink heard by three gateways counts once for each). */
export const gatewayHourly = pgTable(
  "gateway_hourly",
  {
    gatewayEui: text("gateway_eui").notNull(),
    hour: timestamptz("hour").notNull(),
    // Concurrent ingestion batches add to different shards of the same hour (readers sum them), so a
    // busy gateway's counter never makes one batch wait for another's commit.
    shard: smallint("shard").notNull().default(0),
    uplinks: integer("uplinks").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.gatewayEui, t.hour, t.shard] }), ...operatorOnly("gateway_hourly")],
).enableRLS();

/**
 * Uplinks each gateway heard for each tenant, per UTC month: billing's income by gateway area shares
 * each invoice among the gateways that carried its tenant's traffic, without reading a month of raw
 * events. Sharded like gateway_hourly, as every batch adds to the same busy rows.
 */
export const gatewayTenantMonthly = pgTable(
  "gateway_tenant_monthly",
  {
    tenantId: uuid("tenant_id").notNull(),
    month: timestamptz("month").notNull(),
    gatewayEui: text("gateway_eui").notNull(),
    shard: smallint("shard").notNull().default(0),
    uplinks: integer("uplinks").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.month, t.gatewayEui, t.shard] }), ...operatorOnly("gateway_tenant_monthly")],
).enableRLS();

export const deviceProfiles = pgTable(
  "device_profiles",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    region: text("region").notNull(),
    macVersion: text("mac_version").notNull(),
    deviceClass: deviceClass("device_class").notNull().default("A"),
    codecSource: text("codec_source"),
    /** The battery's empty and full voltages, turning a codec's batteryMillivolts into a percentage (domain/devices/battery.ts). */
    batteryMinMv: integer("battery_min_mv"),
    batteryMaxMv: integer("battery_max_mv"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    check("device_profiles_battery_range", sql`(battery_min_mv is null) = (battery_max_mv is null) and (battery_min_mv is null or (battery_min_mv > 0 and battery_min_mv < battery_max_mv))`),
    ...tenantPolicies("device_profiles"),
  ],
).enableRLS();

/**
 * A tenant's device. A DevEUI belongs to at most one tenant network-wide (unique index on dev_eui
 * alone). Session and root keys are AES-256-GCM ciphertext (see domain/crypto/device-keys).
 */
export const devices = pgTable(
  "devices",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    devEui: text("dev_eui").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    profileId: uuid("profile_id"),
    activation: activationMode("activation").notNull(),
    joinEui: text("join_eui"),
    appKeyEnc: text("app_key_enc"),
    devAddr: text("dev_addr"),
    nwkSKeyEnc: text("nwk_s_key_enc"),
    appSKeyEnc: text("app_s_key_enc"),
    lastSeenAt: timestamptz("last_seen_at"),
    lastFCnt: bigint("last_f_cnt", { mode: "number" }),
    lastRssi: real("last_rssi"),
    lastSnr: real("last_snr"),
    batteryLevel: real("battery_level"),
    /** A payload reading is never replaced by a network one (see preferredBattery in domain/devices/battery.ts). */
    batterySource: batterySource("battery_source"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("devices_dev_eui_unique").on(t.devEui),
    foreignKey({ columns: [t.tenantId, t.profileId], foreignColumns: [deviceProfiles.tenantId, deviceProfiles.id] }).onDelete("restrict"),
    ...tenantPolicies("devices"),
  ],
).enableRLS();

/**
 * Every event of a tenant's devices: uplinks, joins, status, downlinks... Stored once: the network
 * server's deduplication id is unique per tenant, so a retried or doubly-delivered event is dropped.
 * Partitioned by month of reported_at (drizzle/0037_device_events_partitioned.sql, which drizzle-kit
 * cannot express): the dedup key's unique index must contain the partition key, and reported_at is the
 * same in every retry of an event, where occurred_at may not be.
 */
export const deviceEvents = pgTable(
  "device_events",
  {
    tenantId: uuid("tenant_id").notNull(),
    id: bigserial("id", { mode: "number" }).notNull(),
    deviceId: uuid("device_id").notNull(),
    dedupKey: text("dedup_key").notNull(),
    // Network events only: "alert" is in the enum for forwarders' kinds (alert episodes are forwarded, never stored as events).
    kind: eventKind("kind").$type<NetworkEventKind>().notNull(),
    occurredAt: timestamptz("occurred_at").notNull(),
    /** The time the network server put in the event; occurred_at unless the clock was untrusted (clock_skew). */
    reportedAt: timestamptz("reported_at").notNull(),
    receivedAt: timestamptz("received_at").notNull().defaultNow(),
    fCnt: bigint("f_cnt", { mode: "number" }),
    fPort: smallint("f_port"),
    payload: bytea("payload"),
    payloadBytes: integer("payload_bytes").notNull().default(0),
    phyBytes: integer("phy_bytes").notNull().default(0),
    airtimeMs: real("airtime_ms"),
    spreadingFactor: smallint("spreading_factor"),
    bandwidthHz: integer("bandwidth_hz"),
    frequencyHz: bigint("frequency_hz", { mode: "number" }),
    gatewayCount: smallint("gateway_count").notNull().default(0),
    rssi: real("rssi"),
    snr: real("snr"),
    credits: integer("credits").notNull().default(0),
    decoded: jsonb("decoded").$type<Record<string, unknown>>(),
    decodeError: text("decode_error"),
    details: jsonb("details").$type<Record<string, unknown>>(),
    /** The network server's time was untrusted (domain/lorawan/event-clock.ts): occurred_at is when we received it; reported_at (and details.reportedAt) what it said. */
    clockSkew: boolean("clock_skew").notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id, t.reportedAt] }),
    uniqueIndex("device_events_dedup").on(t.tenantId, t.dedupKey, t.reportedAt),
    index("device_events_device_time").on(t.tenantId, t.deviceId, t.occurredAt),
    // Few events are clock-skewed; the operator overview counts them without reading the rest.
    index("device_events_clock_skew").on(t.occurredAt).where(sql`clock_skew`),
    ...tenantPolicies("device_events"),
  ],
).enableRLS();

/**
 * Hourly usage per device, kept up to date as events arrive (in the same transaction), so dashboards
 * and billing never scan raw events. Per-tenant totals are sums over the tenant's devices.
 */
export const usageHourly = pgTable(
  "usage_hourly",
  {
    tenantId: uuid("tenant_id").notNull(),
    hour: timestamptz("hour").notNull(),
    deviceId: uuid("device_id").notNull(),
    uplinks: integer("uplinks").notNull().default(0),
    downlinks: integer("downlinks").notNull().default(0),
    joins: integer("joins").notNull().default(0),
    payloadBytes: bigint("payload_bytes", { mode: "number" }).notNull().default(0),
    phyBytes: bigint("phy_bytes", { mode: "number" }).notNull().default(0),
    credits: bigint("credits", { mode: "number" }).notNull().default(0),
    airtimeMs: doublePrecision("airtime_ms").notNull().default(0),
    gatewayReceptions: integer("gateway_receptions").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.hour, t.deviceId] }),
    // Network-wide totals by time (the operator's overview) read one window of hours, not every tenant's history.
    index("usage_hourly_hour").on(t.hour),
    ...tenantPolicies("usage_hourly"),
  ],
).enableRLS();

/** Events from DevEUIs no tenant owns: the network's sales pipeline. Deduplicated like device events. */
export const unclaimedEvents = pgTable(
  "unclaimed_events",
  {
    dedupKey: text("dedup_key").primaryKey(),
    devEui: text("dev_eui").notNull(),
    // Network events only: "alert" is in the enum for forwarders' kinds (alert episodes are forwarded, never stored as events).
    kind: eventKind("kind").$type<NetworkEventKind>().notNull(),
    source: connectionKind("source").notNull(),
    occurredAt: timestamptz("occurred_at").notNull(),
    rssi: real("rssi"),
    snr: real("snr"),
    gatewayEui: text("gateway_eui"),
    payloadBytes: integer("payload_bytes").notNull().default(0),
  },
  (t) => [
    index("unclaimed_events_dev_eui").on(t.devEui, t.occurredAt),
    // The retention job deletes the oldest first, a small batch at a time.
    index("unclaimed_events_occurred_at").on(t.occurredAt),
    ...operatorOnly("unclaimed_events"),
  ],
).enableRLS();


/**
 * unclaimed_events summed per DevEUI, kept up to date as events arrive (in the same transaction), so
 * the unclaimed list and its counts never group raw events. Written only for newly stored events, so a
 * retried delivery changes nothing. The newest event (the greatest value on a tie in time, so the
 * outcome never depends on arrival order) gives the source; the newest event heard through a gateway
 * gives the gateway, as events without one (joins, status reports) do not say where the device is.
 */
export const unclaimedDevices = pgTable(
  "unclaimed_devices",
  {
    devEui: text("dev_eui").primaryKey(),
    firstSeenAt: timestamptz("first_seen_at").notNull(),
    lastSeenAt: timestamptz("last_seen_at").notNull(),
    events: integer("events").notNull(),
    bestRssi: real("best_rssi"),
    lastGatewayEui: text("last_gateway_eui"),
    /** When last_gateway_eui heard it: later events without a gateway must not hide it. */
    lastGatewayAt: timestamptz("last_gateway_at"),
    lastSource: connectionKind("last_source").notNull(),
  },
  (t) => [index("unclaimed_devices_last_seen").on(t.lastSeenAt), ...operatorOnly("unclaimed_devices")],
).enableRLS();
