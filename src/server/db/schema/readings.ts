import { sql } from "drizzle-orm";
import { check, doublePrecision, index, integer, pgEnum, pgPolicy, pgTable, primaryKey, real, text, uuid } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";
import { appOperator, tenantPolicies } from "./roles";
import { tenants } from "./tenancy";

/*
 * What devices' readings say, kept up to date by ingestion in the same transaction that stores the
 * events (src/server/ingestion/readings-rollup.ts), so maps, charts, the waste dashboard and alerts
 * never scan raw events. None of these tables has a foreign key to devices: a device deleted while its
 * batch is being written must not fail the batch; deleteDevice removes the device's rows instead (all
 * but gateway_devices', which the network map reads only for devices that still exist).
 */

/** Who placed a device: a person (form, CSV; never moved by traffic) or the network server's location events. */
export const deviceLocationSource = pgEnum("device_location_source", ["manual", "network"]);

/** A device's optional location. */
export const deviceLocations = pgTable(
  "device_locations",
  {
    tenantId: uuid("tenant_id").notNull(),
    deviceId: uuid("device_id").notNull(),
    latitude: doublePrecision("latitude").notNull(),
    longitude: doublePrecision("longitude").notNull(),
    source: deviceLocationSource("source").notNull(),
    /** When it was set (manual) or solved (network): a network fix older than the stored one changes nothing. */
    locatedAt: timestamptz("located_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.deviceId] }),
    check("device_locations_on_earth", sql`latitude between -90 and 90 and longitude between -180 and 180`),
    ...tenantPolicies("device_locations"),
  ],
).enableRLS();

/**
 * The newest value of each numeric field a device's decoded payloads name ("fillPercent",
 * "temperatureC", "battery.voltage"). The newest reading wins whatever order events arrive in; at
 * the same moment the greater value wins, so the outcome never depends on arrival order.
 */
export const deviceLatestValues = pgTable(
  "device_latest_values",
  {
    tenantId: uuid("tenant_id").notNull(),
    deviceId: uuid("device_id").notNull(),
    field: text("field").notNull(),
    value: doublePrecision("value").notNull(),
    at: timestamptz("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.deviceId, t.field] }), ...tenantPolicies("device_latest_values")],
).enableRLS();

/** Each numeric field's readings per device and hour (count, sum, min, max): the device page's charts. */
export const deviceReadingsHourly = pgTable(
  "device_readings_hourly",
  {
    tenantId: uuid("tenant_id").notNull(),
    deviceId: uuid("device_id").notNull(),
    field: text("field").notNull(),
    hour: timestamptz("hour").notNull(),
    readings: integer("readings").notNull(),
    sum: doublePrecision("sum").notNull(),
    min: doublePrecision("min").notNull(),
    max: doublePrecision("max").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.deviceId, t.field, t.hour] }), ...tenantPolicies("device_readings_hourly")],
).enableRLS();

/**
 * A waste bin's fill level and its current fill cycle (since it was last emptied), for every device
 * whose payloads report `fillPercent`. The cycle keeps the sums of a least-squares line through its
 * readings (t in hours since the cycle started), which adding readings in any order gives alike: the
 * fill rate and the "full by" prediction come from it (domain/waste/fill-level.ts).
 */
export const binLevels = pgTable(
  "bin_levels",
  {
    tenantId: uuid("tenant_id").notNull(),
    deviceId: uuid("device_id").notNull(),
    fillPercent: real("fill_percent").notNull(),
    fillAt: timestamptz("fill_at").notNull(),
    cycleStartedAt: timestamptz("cycle_started_at").notNull(),
    /** The fill of the cycle's first reading; null when it began with a collection. */
    startFillPercent: real("start_fill_percent"),
    readings: integer("readings").notNull(),
    sumT: doublePrecision("sum_t").notNull(),
    sumF: doublePrecision("sum_f").notNull(),
    sumTT: doublePrecision("sum_tt").notNull(),
    sumTF: doublePrecision("sum_tf").notNull(),
    /** The first reading of this cycle at or above the tenant's threshold (recomputed when the threshold changes). */
    overSince: timestamptz("over_since"),
    /** Marked collected by the crew; the cycle restarts then, and the bin waits for its next reading. */
    collectedAt: timestamptz("collected_at"),
    /**
     * The cycle's fill rate and predicted "full by" (domain/waste/fill-level.ts), stored with the sums
     * they follow from, so the dashboard can sort and count bins in SQL without reading every bin.
     */
    ratePerHour: real("rate_per_hour"),
    fullAt: timestamptz("full_at"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.deviceId] }), ...tenantPolicies("bin_levels")],
).enableRLS();

/** A tenant's waste-collection settings; no row means the defaults (domain/waste/waste-settings.ts). */
export const wasteSettings = pgTable(
  "waste_settings",
  {
    tenantId: uuid("tenant_id").primaryKey().references(() => tenants.id, { onDelete: "cascade" }),
    thresholdPercent: integer("threshold_percent").notNull(),
    roundIntervalHours: integer("round_interval_hours").notNull(),
    silentAfterHours: integer("silent_after_hours").notNull(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  () => [
    check("waste_settings_ranges", sql`threshold_percent between 1 and 100 and round_interval_hours between 1 and 336 and silent_after_hours between 1 and 720`),
    ...tenantPolicies("waste_settings"),
  ],
).enableRLS();

/**
 * Platform-only, like the gateways it describes (no tenant reaches it), yet keyed by tenant first like
 * every table holding tenants' rows; the network map finds a gateway's devices through gateway_devices_recent,
 * and counts only devices that still exist (a deleted device's rows stay, out of the tenant's reach).
 * Which registered devices each gateway heard, and when last (the operator's network map). Written for
 * newly stored events only; a device's row moves on at most every few minutes, so a busy device costs
 * one write per gateway now and then, not one per uplink.
 */
export const gatewayDevices = pgTable(
  "gateway_devices",
  {
    gatewayEui: text("gateway_eui").notNull(),
    tenantId: uuid("tenant_id").notNull(),
    deviceId: uuid("device_id").notNull(),
    lastHeardAt: timestamptz("last_heard_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.deviceId, t.gatewayEui] }),
    index("gateway_devices_recent").on(t.gatewayEui, t.lastHeardAt),
    pgPolicy("gateway_devices_operator_access", { as: "permissive", for: "all", to: appOperator, using: sql`true`, withCheck: sql`true` }),
  ],
).enableRLS();

export type BinLevelRow = typeof binLevels.$inferSelect;
