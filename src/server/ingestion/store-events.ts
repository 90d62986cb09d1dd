import { inArray, sql } from "drizzle-orm";
import { batteryRangeOf, eventBattery, payloadBatteryPercent, preferredBattery, type BatteryRange, type BatteryReading } from "@/domain/devices/battery";
import type { GatewayReception, NetworkEvent } from "@/domain/lorawan";
import { gatewayDeltas, usageDeltas, type MeteredEvent } from "@/domain/metering/usage-deltas";
import type { Database } from "@/server/db/client";
import { executePrepared, jsonParameter } from "@/server/db/prepared";
import { resultRows } from "@/server/db/result-rows";
import { withPlatform } from "@/server/db/scopes";
import { networkConnections } from "@/server/db/schema";
import type { DecodeUplink } from "./decode-uplinks";
import type { LastSeenThrottle } from "./last-seen-throttle";
import { rollUpReadings } from "./readings-rollup";

export interface IngestItem {
  event: NetworkEvent;
  connectionId: string;
  /**
   * The hash of the secret the event was sent with (HTTP ingestion). Checked against the connection in
   * the transaction that would store the event, so a rotated secret or a disabled connection stores
   * nothing from the moment that change commits, whatever a process's connection cache remembers.
   */
  secretHash?: string;
}

/**
 * stored: new, metered. duplicate: seen before (a retry), nothing changed. unclaimed: no tenant owns the
 * DevEUI. refused: its secret is no longer the connection's, or the connection is disabled; nothing
 * was written. A suspended tenant's events are stored and metered like any other; `suspended` tells the caller.
 */
export type IngestOutcome = { status: "stored" | "duplicate"; suspended: boolean } | { status: "unclaimed" | "refused" };

export interface StoreOptions {
  decode: DecodeUplink;
  /** Shared by a process's batches; without one, every batch writes gateways' and connections' last-seen times. */
  lastSeen?: LastSeenThrottle;
  /** Which of the gateway counters' shards this batch adds to; batches written at the same time use different ones. */
  shard?: number;
}

/** Rows per gateway and hour that concurrent batches add to (summed when read), so they never wait for each other. */
export const GATEWAY_COUNTER_SHARDS = 8;

/**
 * Writes one batch of validated events in a single transaction on the platform path (ingestion spans
 * tenants): new events, their hourly usage, device and gateway state, unclaimed traffic. Every write is
 * keyed on the network server's deduplication id, so replaying a batch changes nothing. Rows are
 * written in key order so concurrent batches (several web processes or workers) cannot deadlock.
 *
 * Each bulk statement takes the whole batch as ONE json parameter (json_to_recordset): building SQL
 * with a bind parameter per value costs more CPU than the database spends storing the rows. Statements
 * that do not depend on each other are sent together (postgres.js pipelines them), so a batch costs
 * four round trips to the database whatever its size.
 */
export async function storeEvents(db: Database, items: readonly IngestItem[], options: StoreOptions): Promise<IngestOutcome[]> {
  const claimedLastSeen: string[] = [];
  try {
    return await withPlatform(db, async (tx) => {
      const [owners, refused] = await Promise.all([findOwners(tx, [...new Set(items.map((i) => i.event.devEui))]), refusedCredentials(tx, items)]);
      const outcomes: IngestOutcome[] = new Array(items.length);
      const claimed: Array<{ index: number; owner: Owner; event: NetworkEvent }> = [];
      const unclaimed: NetworkEvent[] = [];
      const inBatch = new Set<string>();
      items.forEach(({ event, connectionId, secretHash }, index) => {
        const owner = owners.get(event.devEui);
        if (secretHash !== undefined && refused.has(`${connectionId}|${secretHash}`)) {
          outcomes[index] = { status: "refused" };
        } else if (!owner) {
          outcomes[index] = { status: "unclaimed" };
          unclaimed.push(event);
        } else if (inBatch.has(`${owner.tenantId}|${event.dedupKey}`)) {
          // The same event twice in one batch (two workers, a fast retry): the first copy speaks for both.
          outcomes[index] = { status: "duplicate", suspended: owner.tenantStatus === "suspended" };
        } else {
          inBatch.add(`${owner.tenantId}|${event.dedupKey}`);
          claimed.push({ index, owner, event });
        }
      });

      const decoded = await options.decode(claimed.map(({ owner, event }) => ({ event, codecSource: owner.codecSource })));
      const rows = claimed
        .map(({ owner, event }, i) => ({
          owner, event, row: eventRow(owner, event, decoded[i]!),
          battery: eventBattery(payloadBatteryPercent(decoded[i]!.data, owner.batteryRange), event.batteryLevel),
        }))
        .sort((a, b) => compare(`${a.row.tenant_id}|${a.row.dedup_key}`, `${b.row.tenant_id}|${b.row.dedup_key}`));
      const [inserted, newUnclaimed] = await Promise.all([
        rows.length ? insertEvents(tx, rows.map((r) => r.row)) : [],
        recordUnclaimed(tx, unclaimed),
      ]);
      const newIds = new Map(inserted.map((r) => [`${r.tenant_id}|${r.dedup_key}`, Number(r.id)]));
      const fresh = rows
        .filter((r) => newIds.has(`${r.row.tenant_id}|${r.row.dedup_key}`))
        .map((r) => ({ ...r, id: newIds.get(`${r.row.tenant_id}|${r.row.dedup_key}`)! }));
      for (const { index, owner, event } of claimed) {
        outcomes[index] = { status: newIds.has(`${owner.tenantId}|${event.dedupKey}`) ? "stored" : "duplicate", suspended: owner.tenantStatus === "suspended" };
      }

      const heard = [...fresh.map((r) => r.event), ...newUnclaimed];
      const lastSeen = (key: string, at: Date) => {
        if (options.lastSeen && !options.lastSeen.claim(key, at)) return false;
        claimedLastSeen.push(key);
        return true;
      };
      const now = new Date();
      const accepted = items.filter((_, index) => outcomes[index]!.status !== "refused");
      const connectionIds = [...new Set(accepted.map((i) => i.connectionId))].filter((id) => lastSeen(`connection:${id}`, now));
      await Promise.all([
        addUsage(tx, fresh.map(({ owner, event }) => metered(owner, event))),
        enqueueDeliveries(tx, fresh.map(({ id, row }) => ({ tenant_id: row.tenant_id, id, kind: row.kind }))),
        updateDeviceState(tx, fresh),
        updateGatewaysSeen(tx, heard, lastSeen),
        countGatewayUplinks(tx, heard, options.shard ?? 0),
        connectionIds.length ? tx.update(networkConnections).set({ lastEventAt: now }).where(inArray(networkConnections.id, connectionIds)) : null,
        // Readings rollups (latest values, hourly readings, bin fill levels, solved locations, devices per gateway): readings-rollup.ts.
        rollUpReadings(tx, fresh.map(({ owner, event, row }) => ({
          tenantId: owner.tenantId, deviceId: owner.deviceId, kind: event.kind, occurredAt: event.occurredAt, decoded: row.decoded, location: event.location, gatewayEuis: event.gateways.map((g) => g.gatewayEui),
        }))),
      ]);
      return outcomes;
    });
  } catch (error) {
    options.lastSeen?.release(claimedLastSeen);
    throw error;
  }
}

interface Owner { tenantId: string; deviceId: string; tenantStatus: string; codecSource: string | null; batteryRange: BatteryRange | null }

/** The `connectionId|secretHash` pairs of the batch that no longer authenticate: rotated away, or the connection disabled or deleted. */
async function refusedCredentials(tx: Database, items: readonly IngestItem[]) {
  const checked = items.filter((i) => i.secretHash !== undefined);
  if (!checked.length) return new Set<string>();
  const rows = resultRows<{ id: string; secret_hash: string }>(
    await executePrepared(tx, sql`
      select id, secret_hash from network_connections
      where not disabled and id in (select json_array_elements_text(${jsonParameter([...new Set(checked.map((i) => i.connectionId))])})::uuid)`),
  );
  const valid = new Set(rows.map((r) => `${r.id}|${r.secret_hash}`));
  return new Set(checked.map((i) => `${i.connectionId}|${i.secretHash}`).filter((pair) => !valid.has(pair)));
}

/** Devices of closed tenants are released: their traffic is unclaimed again. */
async function findOwners(tx: Database, devEuis: string[]) {
  if (!devEuis.length) return new Map<string, Owner>();
  const rows = resultRows<{ dev_eui: string; tenant_id: string; device_id: string; tenant_status: string; codec_source: string | null; battery_min_mv: number | null; battery_max_mv: number | null }>(
    await executePrepared(tx, sql`
      select d.dev_eui, d.tenant_id, d.id as device_id, t.status as tenant_status, p.codec_source, p.battery_min_mv, p.battery_max_mv
      from devices d
      join tenants t on t.id = d.tenant_id
      left join device_profiles p on p.tenant_id = d.tenant_id and p.id = d.profile_id
      where d.dev_eui in (select json_array_elements_text(${jsonParameter(devEuis)})) and t.status <> 'closed'`),
  );
  return new Map<string, Owner>(
    rows.map((r) => [r.dev_eui, {
      tenantId: r.tenant_id, deviceId: r.device_id, tenantStatus: r.tenant_status, codecSource: r.codec_source,
      batteryRange: batteryRangeOf({ batteryMinMv: r.battery_min_mv, batteryMaxMv: r.battery_max_mv }),
    }]),
  );
}

type EventRow = ReturnType<typeof eventRow>;

function eventRow(owner: Owner, event: NetworkEvent, decoded: { data: Record<string, unknown> | null; error: string | null }) {
  return {
    tenant_id: owner.tenantId,
    device_id: owner.deviceId,
    dedup_key: event.dedupKey,
    kind: event.kind,
    occurred_at: event.occurredAt.toISOString(),
    f_cnt: event.fCnt,
    f_port: event.fPort,
    payload_hex: event.payload ? Buffer.from(event.payload).toString("hex") : null,
    payload_bytes: event.payloadBytes,
    phy_bytes: event.phyBytes,
    airtime_ms: event.airtimeMs,
    spreading_factor: event.radio?.spreadingFactor ?? null,
    bandwidth_hz: event.radio?.bandwidthHz ?? null,
    frequency_hz: event.radio?.frequencyHz ?? null,
    gateway_count: event.gateways.length,
    rssi: event.bestRssi,
    snr: event.bestSnr,
    credits: event.credits,
    decoded: decoded.data,
    decode_error: decoded.error,
    details: eventDetails(event),
    clock_skew: event.clockSkew,
  };
}

async function insertEvents(tx: Database, rows: EventRow[]) {
  return resultRows<{ tenant_id: string; dedup_key: string; id: string | number }>(
    await executePrepared(tx, sql`
      insert into device_events (tenant_id, device_id, dedup_key, kind, occurred_at, f_cnt, f_port, payload, payload_bytes, phy_bytes,
        airtime_ms, spreading_factor, bandwidth_hz, frequency_hz, gateway_count, rssi, snr, credits, decoded, decode_error, details, clock_skew)
      select tenant_id, device_id, dedup_key, kind::network_event_kind, occurred_at, f_cnt, f_port, decode(payload_hex, 'hex'), payload_bytes, phy_bytes,
        airtime_ms, spreading_factor, bandwidth_hz, frequency_hz, gateway_count, rssi, snr, credits, decoded, decode_error, details, clock_skew
      from json_to_recordset(${jsonParameter(rows)}) as x(tenant_id uuid, device_id uuid, dedup_key text, kind text, occurred_at timestamptz, f_cnt bigint,
        f_port smallint, payload_hex text, payload_bytes int, phy_bytes int, airtime_ms real, spreading_factor smallint, bandwidth_hz int,
        frequency_hz bigint, gateway_count smallint, rssi real, snr real, credits int, decoded jsonb, decode_error text, details jsonb, clock_skew boolean)
      on conflict do nothing
      returning tenant_id, dedup_key, id`),
  );
}

/**
 * The outbox rows of newly stored events (never a replayed one: those were not inserted): one per
 * enabled forwarder of the event's tenant that takes its kind. Suspended tenants' events are queued
 * too and held until the tenant is active again. For tenants without forwarders this is a join
 * against nothing; the event ids are this transaction's own, so no other batch writes these keys.
 */
async function enqueueDeliveries(tx: Database, events: Array<{ tenant_id: string; id: number; kind: string }>) {
  if (!events.length) return;
  await executePrepared(tx, sql`
    insert into forward_deliveries (tenant_id, forwarder_id, event_id)
    select e.tenant_id, f.id, e.id
    from json_to_recordset(${jsonParameter(events)}) as e(tenant_id uuid, id bigint, kind network_event_kind)
    join forwarders f on f.tenant_id = e.tenant_id and f.enabled and e.kind = any(f.event_kinds)
    on conflict do nothing`);
}

/**
 * What the history view needs beyond the columns: per-gateway reception, the occasional log or
 * location, and the time the network server reported when it was not trusted (clock_skew).
 */
function eventDetails(event: NetworkEvent): Record<string, unknown> | null {
  const details: Record<string, unknown> = {};
  if (event.clockSkew) details.reportedAt = event.reportedAt.toISOString();
  if (event.gateways.length) details.gateways = event.gateways.map((g) => ({ eui: g.gatewayEui, rssi: g.rssi, snr: g.snr }));
  if (event.log) details.log = event.log;
  if (event.location) details.location = event.location;
  if (event.batteryLevel !== null) details.batteryLevel = event.batteryLevel;
  if (event.airtimeSource) details.airtimeSource = event.airtimeSource;
  return Object.keys(details).length ? details : null;
}

function metered(owner: Owner, event: NetworkEvent): MeteredEvent {
  return {
    tenantId: owner.tenantId,
    deviceId: owner.deviceId,
    kind: event.kind,
    occurredAt: event.occurredAt,
    payloadBytes: event.payloadBytes,
    phyBytes: event.phyBytes,
    credits: event.credits,
    airtimeMs: event.airtimeMs,
    gatewayEuis: event.gateways.map((g) => g.gatewayEui),
  };
}

async function addUsage(tx: Database, events: MeteredEvent[]) {
  const deltas = usageDeltas(events)
    .map((d) => ({ ...d, hour: d.hour.toISOString() }))
    .sort((a, b) => compare(`${a.tenantId}|${a.hour}|${a.deviceId}`, `${b.tenantId}|${b.hour}|${b.deviceId}`));
  if (!deltas.length) return;
  await executePrepared(tx, sql`
    insert into usage_hourly (tenant_id, hour, device_id, uplinks, downlinks, joins, payload_bytes, phy_bytes, credits, airtime_ms, gateway_receptions)
    select * from json_to_recordset(${jsonParameter(deltas)}) as x("tenantId" uuid, hour timestamptz, "deviceId" uuid, uplinks int, downlinks int, joins int,
      "payloadBytes" bigint, "phyBytes" bigint, credits bigint, "airtimeMs" double precision, "gatewayReceptions" int)
    on conflict (tenant_id, hour, device_id) do update set
      uplinks = usage_hourly.uplinks + excluded.uplinks,
      downlinks = usage_hourly.downlinks + excluded.downlinks,
      joins = usage_hourly.joins + excluded.joins,
      payload_bytes = usage_hourly.payload_bytes + excluded.payload_bytes,
      phy_bytes = usage_hourly.phy_bytes + excluded.phy_bytes,
      credits = usage_hourly.credits + excluded.credits,
      airtime_ms = usage_hourly.airtime_ms + excluded.airtime_ms,
      gateway_receptions = usage_hourly.gateway_receptions + excluded.gateway_receptions`);
}

/**
 * Last seen, frame counter, signal and battery: from each device's newest new event in the batch. The
 * battery is the batch's preferred reading in time order (preferredBattery: a payload's reading is
 * never replaced by the network server's), applied to the stored one by the same rule.
 */
async function updateDeviceState(tx: Database, fresh: Array<{ owner: Owner; event: NetworkEvent; battery: BatteryReading | null }>) {
  const newest = new Map<string, { owner: Owner; event: NetworkEvent; battery: BatteryReading | null }>();
  for (const item of [...fresh].sort((a, b) => a.event.occurredAt.getTime() - b.event.occurredAt.getTime())) {
    const key = `${item.owner.tenantId}|${item.owner.deviceId}`;
    const current = newest.get(key);
    newest.set(key, { ...item, battery: preferredBattery(current?.battery ?? null, item.battery) });
  }
  const values = [...newest.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([, { owner, event, battery }]) => {
      const isUplink = event.kind === "uplink";
      return {
        tenant_id: owner.tenantId, id: owner.deviceId, seen: event.occurredAt.toISOString(),
        f_cnt: isUplink ? event.fCnt : null, rssi: isUplink ? event.bestRssi : null, snr: isUplink ? event.bestSnr : null,
        battery: battery?.percent ?? null, battery_source: battery?.source ?? null,
      };
    });
  if (!values.length) return;
  await executePrepared(tx, sql`
    update devices d set
      last_seen_at = greatest(d.last_seen_at, v.seen),
      last_f_cnt = coalesce(v.f_cnt, d.last_f_cnt),
      last_rssi = coalesce(v.rssi, d.last_rssi),
      last_snr = coalesce(v.snr, d.last_snr),
      battery_level = case when v.battery is not null and (v.battery_source = 'payload' or d.battery_source is distinct from 'payload') then v.battery else d.battery_level end,
      battery_source = case when v.battery is not null and (v.battery_source = 'payload' or d.battery_source is distinct from 'payload') then v.battery_source::battery_source else d.battery_source end
    from json_to_recordset(${jsonParameter(values)}) as v(tenant_id uuid, id uuid, seen timestamptz, f_cnt bigint, rssi real, snr real, battery real, battery_source text)
    where d.tenant_id = v.tenant_id and d.id = v.id and (d.last_seen_at is null or v.seen >= d.last_seen_at)`);
}

/**
 * Stores unclaimed events and adds the newly stored ones (never a retry) to their DevEUIs' rows in
 * unclaimed_devices, in one statement: the summary is computed from exactly the rows the insert kept,
 * and costs no extra round trip. Summary rows are written in DevEUI order so concurrent batches cannot
 * deadlock. A stored source or gateway gives way only to a newer event's (or, at the same time, a
 * greater value), so the result does not depend on the order batches arrive in; the backfill migration
 * (drizzle/0012_unclaimed_devices_backfill.sql) computes the same from stored events.
 */
async function recordUnclaimed(tx: Database, events: NetworkEvent[]) {
  const unique = [...new Map(events.map((e) => [e.dedupKey, e])).values()].sort((a, b) => compare(a.dedupKey, b.dedupKey));
  if (!unique.length) return [];
  const rows = unique.map((e) => ({
    dedup_key: e.dedupKey, dev_eui: e.devEui, kind: e.kind, source: e.source, occurred_at: e.occurredAt.toISOString(),
    rssi: e.bestRssi, snr: e.bestSnr, gateway_eui: e.gateways[0]?.gatewayEui ?? null, payload_bytes: e.payloadBytes,
  }));
  const inserted = resultRows<{ dedup_key: string }>(
    await executePrepared(tx, sql`
      with stored as (
        insert into unclaimed_events (dedup_key, dev_eui, kind, source, occurred_at, rssi, snr, gateway_eui, payload_bytes)
        select dedup_key, dev_eui, kind::network_event_kind, source::network_connection_kind, occurred_at, rssi, snr, gateway_eui, payload_bytes
        from json_to_recordset(${jsonParameter(rows)}) as x(dedup_key text, dev_eui text, kind text, source text, occurred_at timestamptz, rssi real, snr real, gateway_eui text, payload_bytes int)
        on conflict do nothing
        returning dedup_key, dev_eui, source, occurred_at, rssi, gateway_eui
      ), summed as (
        insert into unclaimed_devices as d (dev_eui, first_seen_at, last_seen_at, events, best_rssi, last_gateway_eui, last_gateway_at, last_source)
        select dev_eui, min(occurred_at), max(occurred_at), count(*), max(rssi),
          (array_agg(gateway_eui order by occurred_at desc, gateway_eui desc) filter (where gateway_eui is not null))[1],
          max(occurred_at) filter (where gateway_eui is not null),
          (array_agg(source order by occurred_at desc, source desc))[1]
        from stored group by dev_eui order by dev_eui
        on conflict (dev_eui) do update set
          first_seen_at = least(d.first_seen_at, excluded.first_seen_at),
          last_seen_at = greatest(d.last_seen_at, excluded.last_seen_at),
          events = d.events + excluded.events,
          best_rssi = greatest(d.best_rssi, excluded.best_rssi),
          last_source = case when (excluded.last_seen_at, excluded.last_source) > (d.last_seen_at, d.last_source) then excluded.last_source else d.last_source end,
          last_gateway_eui = case when (excluded.last_gateway_at, excluded.last_gateway_eui) > (coalesce(d.last_gateway_at, '-infinity'), d.last_gateway_eui)
            then excluded.last_gateway_eui else d.last_gateway_eui end,
          last_gateway_at = greatest(d.last_gateway_at, excluded.last_gateway_at)
      )
      select dedup_key from stored`),
  );
  const isNew = new Set(inserted.map((r) => r.dedup_key));
  return unique.filter((e) => isNew.has(e.dedupKey));
}

/**
 * Gateways heard for the first time appear in the operator's list, named by their EUI until renamed,
 * at the location their receptions report. A reported location replaces one the network reported
 * before (the gateway may have moved), never one an operator set.
 */
async function updateGatewaysSeen(tx: Database, events: NetworkEvent[], due: (key: string, at: Date) => boolean) {
  const lastSeen = new Map<string, { seen: Date; latitude: number | null; longitude: number | null }>();
  for (const event of events) {
    for (const g of event.gateways) {
      const seen = g.receivedAt ?? event.occurredAt;
      const known = lastSeen.get(g.gatewayEui);
      const located = isReportedLocation(g);
      if (!known || seen > known.seen) {
        lastSeen.set(g.gatewayEui, { seen, latitude: located ? g.latitude! : (known?.latitude ?? null), longitude: located ? g.longitude! : (known?.longitude ?? null) });
      } else if (located && known.latitude === null) {
        known.latitude = g.latitude!;
        known.longitude = g.longitude!;
      }
    }
  }
  const heard = [...lastSeen.entries()]
    .filter(([eui, { seen }]) => due(`gateway:${eui}`, seen))
    .sort(([a], [b]) => compare(a, b))
    .map(([eui, { seen, latitude, longitude }]) => ({ eui, seen: seen.toISOString(), latitude, longitude }));
  if (!heard.length) return;
  await executePrepared(tx, sql`
    insert into gateways (gateway_eui, name, last_seen_at, latitude, longitude, location_source)
    select eui, 'Gateway ' || eui, seen, latitude, longitude, case when latitude is not null then 'network'::gateway_location_source end
    from json_to_recordset(${jsonParameter(heard)}) as x(eui text, seen timestamptz, latitude double precision, longitude double precision)
    on conflict (gateway_eui) do update set
      last_seen_at = greatest(gateways.last_seen_at, excluded.last_seen_at),
      latitude = case when excluded.latitude is not null and gateways.location_source is distinct from 'operator' then excluded.latitude else gateways.latitude end,
      longitude = case when excluded.latitude is not null and gateways.location_source is distinct from 'operator' then excluded.longitude else gateways.longitude end,
      location_source = case when excluded.latitude is not null and gateways.location_source is distinct from 'operator' then 'network' else gateways.location_source end`);
}

/** Gateways without a GPS fix report latitude and longitude 0 (off the coast of Ghana): no location. */
function isReportedLocation(g: GatewayReception): boolean {
  return g.latitude !== undefined && g.longitude !== undefined && !(g.latitude === 0 && g.longitude === 0);
}

async function countGatewayUplinks(tx: Database, events: NetworkEvent[], shard: number) {
  const deltas = gatewayDeltas(events.map((e) => ({ kind: e.kind, occurredAt: e.occurredAt, gatewayEuis: e.gateways.map((g) => g.gatewayEui) })))
    .map((d) => ({ eui: d.gatewayEui, hour: d.hour.toISOString(), uplinks: d.uplinks }))
    .sort((a, b) => compare(`${a.eui}|${a.hour}`, `${b.eui}|${b.hour}`));
  if (!deltas.length) return;
  await executePrepared(tx, sql`
    insert into gateway_hourly (gateway_eui, hour, shard, uplinks)
    select eui, hour, ${shard % GATEWAY_COUNTER_SHARDS}, uplinks from json_to_recordset(${jsonParameter(deltas)}) as x(eui text, hour timestamptz, uplinks int)
    on conflict (gateway_eui, hour, shard) do update set uplinks = gateway_hourly.uplinks + excluded.uplinks`);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
