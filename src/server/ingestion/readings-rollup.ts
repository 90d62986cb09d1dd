import { sql } from "drizzle-orm";
import type { NetworkEventKind } from "@/domain/lorawan";
import { numericReadings } from "@/domain/readings/numeric-fields";
import { applyFillReadings, fillPercentOf, fillRatePerHour, predictedFullAt, type FillCycle, type FillReading } from "@/domain/waste/fill-level";
import { DEFAULT_WASTE_SETTINGS } from "@/domain/waste/waste-settings";
import type { Database } from "@/server/db/client";
import { executePrepared, jsonParameter } from "@/server/db/prepared";
import { resultRows } from "@/server/db/result-rows";

/** What the rollups need of one newly stored event of a registered device. */
export interface StoredEventFacts {
  tenantId: string;
  deviceId: string;
  kind: NetworkEventKind;
  occurredAt: Date;
  /** What the codec (or the network server) decoded; null when nothing did. */
  decoded: Record<string, unknown> | null;
  /** A position the network server solved for the device (ChirpStack `location`, TTS `location_solved`). */
  location: { latitude: number; longitude: number } | null;
  /** The gateways that heard it. */
  gatewayEuis: readonly string[];
}

/** A device's row in gateway_devices moves on at most this often; the network map counts devices heard in hours. */
export const GATEWAY_DEVICE_REFRESH_MS = 5 * 60_000;

export interface RollUpOptions {
  /**
   * Whether a device–gateway pair heard at `at` is due a write (see LastSeenThrottle; keyed
   * `<device id>|<gateway EUI>`). Without it every batch sends every pair it heard and the statement
   * skips the rows that are recent, but only after locking each one: a lock is a heap write (sending
   * only due pairs took bench:ingest's PostgreSQL CPU per uplink from ≈ 75 to 64 µs).
   */
  heardDue?: (key: string, at: Date) => boolean;
}

/**
 * Keeps the readings rollups in step with a batch of newly stored events, inside the ingestion
 * transaction that stores them: each device's latest numeric values and their hourly readings, waste
 * bins' fill cycles, device locations the network solved, and which devices each gateway heard.
 *
 * Give it only events the batch actually inserted (never a duplicate or a replay), so a replayed batch
 * changes nothing. Every statement writes its rows in key order, and the statements always run in the
 * same order, so concurrent batches queue behind each other's row locks but cannot deadlock. The
 * tables are written nowhere else by ingestion (in particular not `devices`), so these statements
 * never wait for the batch's own device updates.
 */
export async function rollUpReadings(tx: Database, events: readonly StoredEventFacts[], options: RollUpOptions = {}): Promise<void> {
  if (!events.length) return;
  await Promise.all([recordReadings(tx, events), recordLocations(tx, events), recordGatewayDevices(tx, events, options.heardDue), updateBinLevels(tx, events)]);
}

/** Latest values (newest wins; at the same moment the greater value) and hourly count/sum/min/max, in one statement. */
async function recordReadings(tx: Database, events: readonly StoredEventFacts[]) {
  const rows = events
    .flatMap((e) => numericReadings(e.decoded).map((r) => ({ tenant_id: e.tenantId, device_id: e.deviceId, field: r.field, value: r.value, at: e.occurredAt.toISOString() })))
    .sort((a, b) => compare(`${a.tenant_id}|${a.device_id}|${a.field}`, `${b.tenant_id}|${b.device_id}|${b.field}`));
  if (!rows.length) return;
  await executePrepared(tx, sql`
    with r as (
      select * from json_to_recordset(${jsonParameter(rows)}) as x(tenant_id uuid, device_id uuid, field text, value float8, at timestamptz)
    ), latest as (
      insert into device_latest_values as l (tenant_id, device_id, field, value, at)
      select distinct on (tenant_id, device_id, field) tenant_id, device_id, field, value, at
      from r order by tenant_id, device_id, field, at desc, value desc
      on conflict (tenant_id, device_id, field) do update set value = excluded.value, at = excluded.at
      where (excluded.at, excluded.value) > (l.at, l.value)
    )
    insert into device_readings_hourly as h (tenant_id, device_id, field, hour, readings, sum, min, max)
    select tenant_id, device_id, field, date_trunc('hour', at at time zone 'UTC') at time zone 'UTC', count(*), sum(value), min(value), max(value)
    from r group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (tenant_id, device_id, field, hour) do update set
      readings = h.readings + excluded.readings, sum = h.sum + excluded.sum, min = least(h.min, excluded.min), max = greatest(h.max, excluded.max)`);
}

/**
 * The newest solved position of each device in the batch, unless a person placed the device (a bin on
 * a wall does not move because a solver says so) or a newer fix is already stored.
 */
async function recordLocations(tx: Database, events: readonly StoredEventFacts[]) {
  const newest = new Map<string, StoredEventFacts>();
  for (const e of events) {
    if (!e.location) continue;
    const key = `${e.tenantId}|${e.deviceId}`;
    const known = newest.get(key);
    if (!known || e.occurredAt > known.occurredAt) newest.set(key, e);
  }
  const rows = [...newest.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([, e]) => ({ tenant_id: e.tenantId, device_id: e.deviceId, latitude: e.location!.latitude, longitude: e.location!.longitude, at: e.occurredAt.toISOString() }))
    .filter((r) => Math.abs(r.latitude) <= 90 && Math.abs(r.longitude) <= 180 && !(r.latitude === 0 && r.longitude === 0));
  if (!rows.length) return;
  await executePrepared(tx, sql`
    insert into device_locations as l (tenant_id, device_id, latitude, longitude, source, located_at)
    select tenant_id, device_id, latitude, longitude, 'network', at
    from json_to_recordset(${jsonParameter(rows)}) as x(tenant_id uuid, device_id uuid, latitude float8, longitude float8, at timestamptz)
    on conflict (tenant_id, device_id) do update set latitude = excluded.latitude, longitude = excluded.longitude, located_at = excluded.located_at
    where l.source = 'network' and excluded.located_at > l.located_at`);
}

async function recordGatewayDevices(tx: Database, events: readonly StoredEventFacts[], due: RollUpOptions["heardDue"] = () => true) {
  const heard = new Map<string, { gateway_eui: string; tenant_id: string; device_id: string; at: Date }>();
  for (const e of events) {
    for (const gatewayEui of e.gatewayEuis) {
      const key = `${e.tenantId}|${e.deviceId}|${gatewayEui}`;
      const known = heard.get(key);
      if (!known || e.occurredAt > known.at) heard.set(key, { gateway_eui: gatewayEui, tenant_id: e.tenantId, device_id: e.deviceId, at: e.occurredAt });
    }
  }
  const rows = [...heard.entries()]
    .filter(([, r]) => due(`${r.device_id}|${r.gateway_eui}`, r.at))
    .sort(([a], [b]) => compare(a, b))
    .map(([, r]) => ({ ...r, at: r.at.toISOString() }));
  if (!rows.length) return;
  await executePrepared(tx, sql`
    insert into gateway_devices as g (gateway_eui, tenant_id, device_id, last_heard_at)
    select gateway_eui, tenant_id, device_id, at
    from json_to_recordset(${jsonParameter(rows)}) as x(gateway_eui text, tenant_id uuid, device_id uuid, at timestamptz)
    on conflict (tenant_id, device_id, gateway_eui) do update set last_heard_at = excluded.last_heard_at
    where excluded.last_heard_at > g.last_heard_at + ${sql.raw(`interval '${GATEWAY_DEVICE_REFRESH_MS / 1000} seconds'`)}`);
}

interface BinRow {
  tenant_id: string;
  device_id: string;
  fill_percent: number;
  fill_ms: number;
  cycle_ms: number;
  start_fill: number | null;
  readings: number;
  sum_t: number;
  sum_f: number;
  sum_tt: number;
  sum_tf: number;
  over_ms: number | null;
  collected_ms: number | null;
}

/**
 * Fill cycles of the bins in the batch (devices whose payloads report fillPercent). The cycle is a fold
 * over readings in time order (domain/waste/fill-level.ts), so the bins' rows are locked, folded here
 * and written back. A bin heard for the first time by two batches at once: the second's insert finds
 * the first's row, waits for it to commit, then folds its readings into that row instead.
 */
async function updateBinLevels(tx: Database, events: readonly StoredEventFacts[]) {
  const readings = new Map<string, FillReading[]>();
  for (const e of events) {
    const fillPercent = fillPercentOf(e.decoded);
    if (fillPercent === null) continue;
    const key = `${e.tenantId}|${e.deviceId}`;
    readings.set(key, [...(readings.get(key) ?? []), { at: e.occurredAt, fillPercent }]);
  }
  if (!readings.size) return;
  const keys = [...readings.keys()].sort(compare);
  const [locked, thresholds] = await Promise.all([lockBins(tx, keys), tenantThresholds(tx, [...new Set(keys.map((k) => k.split("|")[0]!))])]);
  const thresholdOf = (key: string) => thresholds.get(key.split("|")[0]!) ?? DEFAULT_WASTE_SETTINGS.thresholdPercent;
  const fold = (key: string, cycle: FillCycle | null) => applyFillReadings(cycle, readings.get(key)!, thresholdOf(key))!;

  const existing = keys.filter((k) => locked.has(k));
  const missing = keys.filter((k) => !locked.has(k));
  const [, inserted] = await Promise.all([
    writeBins(tx, "update", existing.map((k) => [k, fold(k, locked.get(k)!)])),
    writeBins(tx, "insert", missing.map((k) => [k, fold(k, null)])),
  ]);
  const raced = missing.filter((k) => !inserted.has(k));
  if (!raced.length) return;
  const relocked = await lockBins(tx, raced);
  await writeBins(tx, "update", raced.map((k) => [k, fold(k, relocked.get(k) ?? null)]));
}

async function lockBins(tx: Database, keys: readonly string[]): Promise<Map<string, FillCycle>> {
  const pairs = keys.map((k) => ({ tenant_id: k.split("|")[0], device_id: k.split("|")[1] }));
  const rows = resultRows<BinRow>(
    await executePrepared(tx, sql`
      select b.tenant_id, b.device_id, b.fill_percent, ${epochMs(sql`b.fill_at`)} as fill_ms, ${epochMs(sql`b.cycle_started_at`)} as cycle_ms, b.start_fill_percent as start_fill, b.readings,
        b.sum_t, b.sum_f, b.sum_tt, b.sum_tf, ${epochMs(sql`b.over_since`)} as over_ms, ${epochMs(sql`b.collected_at`)} as collected_ms
      from bin_levels b
      join json_to_recordset(${jsonParameter(pairs)}) as k(tenant_id uuid, device_id uuid) on k.tenant_id = b.tenant_id and k.device_id = b.device_id
      order by b.tenant_id, b.device_id
      for update of b`),
  );
  return new Map(rows.map((r) => [`${r.tenant_id}|${r.device_id}`, cycleOf(r)]));
}

async function tenantThresholds(tx: Database, tenantIds: readonly string[]): Promise<Map<string, number>> {
  const rows = resultRows<{ tenant_id: string; threshold_percent: number }>(
    await executePrepared(tx, sql`select tenant_id, threshold_percent from waste_settings where tenant_id in (select json_array_elements_text(${jsonParameter(tenantIds)})::uuid)`),
  );
  return new Map(rows.map((r) => [r.tenant_id, Number(r.threshold_percent)]));
}

/** Writes folded cycles; for inserts, returns the keys it inserted (the others were inserted meanwhile by another batch). */
async function writeBins(tx: Database, mode: "insert" | "update", cycles: Array<[string, FillCycle]>): Promise<Set<string>> {
  if (!cycles.length) return new Set();
  const rows = cycles.map(([key, c]) => ({
    tenant_id: key.split("|")[0], device_id: key.split("|")[1], fill_percent: c.fillPercent, fill_at: c.fillAt.toISOString(), cycle_started_at: c.cycleStartedAt.toISOString(),
    start_fill_percent: c.startFillPercent, readings: c.readings, sum_t: c.sumT, sum_f: c.sumF, sum_tt: c.sumTT, sum_tf: c.sumTF, over_since: c.overSince?.toISOString() ?? null, collected_at: c.collectedAt?.toISOString() ?? null,
    rate_per_hour: fillRatePerHour(c), full_at: predictedFullAt(c)?.toISOString() ?? null,
  }));
  const source = sql`json_to_recordset(${jsonParameter(rows)}) as x(tenant_id uuid, device_id uuid, fill_percent real, fill_at timestamptz, cycle_started_at timestamptz,
    start_fill_percent real, readings int, sum_t float8, sum_f float8, sum_tt float8, sum_tf float8, over_since timestamptz, collected_at timestamptz,
    rate_per_hour real, full_at timestamptz)`;
  if (mode === "update") {
    await executePrepared(tx, sql`
      update bin_levels b set fill_percent = x.fill_percent, fill_at = x.fill_at, cycle_started_at = x.cycle_started_at, start_fill_percent = x.start_fill_percent, readings = x.readings,
        sum_t = x.sum_t, sum_f = x.sum_f, sum_tt = x.sum_tt, sum_tf = x.sum_tf, over_since = x.over_since, collected_at = x.collected_at,
        rate_per_hour = x.rate_per_hour, full_at = x.full_at
      from ${source} where b.tenant_id = x.tenant_id and b.device_id = x.device_id`);
    return new Set();
  }
  const inserted = resultRows<{ tenant_id: string; device_id: string }>(
    await executePrepared(tx, sql`
      insert into bin_levels (tenant_id, device_id, fill_percent, fill_at, cycle_started_at, start_fill_percent, readings, sum_t, sum_f, sum_tt, sum_tf, over_since, collected_at,
        rate_per_hour, full_at)
      select * from ${source}
      on conflict (tenant_id, device_id) do nothing
      returning tenant_id, device_id`),
  );
  return new Set(inserted.map((r) => `${r.tenant_id}|${r.device_id}`));
}

/** Raw results give timestamps as text (drizzle turns the drivers' parsing off): read as milliseconds instead. */
const epochMs = (column: ReturnType<typeof sql>) => sql`(extract(epoch from ${column}) * 1000)::float8`;

export function cycleOf(r: BinRow): FillCycle {
  return {
    fillPercent: Number(r.fill_percent), fillAt: new Date(Number(r.fill_ms)), cycleStartedAt: new Date(Number(r.cycle_ms)),
    startFillPercent: r.start_fill === null ? null : Number(r.start_fill), readings: Number(r.readings),
    sumT: Number(r.sum_t), sumF: Number(r.sum_f), sumTT: Number(r.sum_tt), sumTF: Number(r.sum_tf),
    overSince: r.over_ms === null ? null : new Date(Number(r.over_ms)), collectedAt: r.collected_ms === null ? null : new Date(Number(r.collected_ms)),
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
