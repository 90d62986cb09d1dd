import { inArray, sql } from "drizzle-orm";
import { batteryRangeOf, eventBattery, payloadBatteryPercent, type BatteryRange } from "@/domain/devices/battery";
import type { GatewayReception, NetworkEvent } from "@/domain/lorawan";
import { countedGateways, usageOf, type UsageContribution } from "@/domain/metering/event-usage";
import { hourStart } from "@/domain/billing/billing-period";
import type { Database } from "@/server/db/client";
import { executePrepared, jsonParameter } from "@/server/db/prepared";
import { resultRows } from "@/server/db/result-rows";
import { withPlatform } from "@/server/db/scopes";
import { networkConnections } from "@/server/db/schema";
import { unnestRows, type BatchColumn } from "@/server/db/unnest-rows";
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
  /** Shared by a process's batches, at GATEWAY_DEVICE_REFRESH_MS: which devices each gateway heard (readings-rollup.ts). */
  heard?: LastSeenThrottle;
  /** Which of the gateway counters' shards this batch adds to; batches written at the same time use different ones. */
  shard?: number;
}

/** Rows per gateway and hour that concurrent batches add to (summed when read), so they never wait for each other. */
export const GATEWAY_COUNTER_SHARDS = 8;

/**
 * Writes one batch of validated events in a single transaction on the platform path (ingestion spans
 * tenants): new events, their hourly usage, device and gateway state, unclaimed traffic, forwarding
 * outbox. Every write is keyed on the network server's deduplication id, so replaying a batch changes
 * nothing.
 *
 * A batch costs two round trips: the owners of its DevEUIs with the connections' current secrets
 * (needed first: a device's codec decodes its payload here, before storing), then one statement that
 * writes everything (writeEventBatch), with the throttled last-seen times sent alongside it when due.
 */
export async function storeEvents(db: Database, items: readonly IngestItem[], options: StoreOptions): Promise<IngestOutcome[]> {
  // What this batch claimed of the shared throttles: given back if it does not commit.
  const throttleClaims: Array<[LastSeenThrottle, string]> = [];
  const claim = (throttle: LastSeenThrottle | undefined, key: string, at: Date) => {
    if (!throttle) return true;
    if (!throttle.claim(key, at)) return false;
    throttleClaims.push([throttle, key]);
    return true;
  };
  try {
    return await withPlatform(db, async (tx) => {
      const [owners, refused] = await Promise.all([findOwners(tx, [...new Set(items.map((i) => i.event.devEui))]), refusedCredentials(tx, items)]);
      const outcomes: IngestOutcome[] = new Array(items.length);
      const claimed: Array<{ index: number; owner: Owner; event: NetworkEvent }> = [];
      const unclaimed = new Map<string, NetworkEvent>();
      const inBatch = new Set<string>();
      items.forEach(({ event, connectionId, secretHash }, index) => {
        const owner = owners.get(event.devEui);
        if (secretHash !== undefined && refused.has(`${connectionId}|${secretHash}`)) {
          outcomes[index] = { status: "refused" };
        } else if (!owner) {
          outcomes[index] = { status: "unclaimed" };
          unclaimed.set(event.dedupKey, event);
        } else if (inBatch.has(`${owner.tenantId}|${event.dedupKey}`)) {
          // The same event twice in one batch (two workers, a fast retry): the first copy speaks for both.
          outcomes[index] = { status: "duplicate", suspended: owner.tenantStatus === "suspended" };
        } else {
          inBatch.add(`${owner.tenantId}|${event.dedupKey}`);
          claimed.push({ index, owner, event });
        }
      });

      const decoded = await options.decode(claimed.map(({ owner, event }) => ({ event, codecSource: owner.codecSource })));
      const rows = [
        ...claimed.map(({ owner, event }, i) => batchRow(event, owner, decoded[i]!)),
        ...[...unclaimed.values()].map((event) => batchRow(event, null, { data: null, error: null })),
      ];

      const lastSeen = (key: string, at: Date) => claim(options.lastSeen, key, at);
      const now = new Date();
      // Claimed events get their outcome once written; only refused ones have theirs already.
      const accepted = items.filter((_, index) => outcomes[index]?.status !== "refused");
      const connectionIds = [...new Set(accepted.map((i) => i.connectionId))].filter((id) => lastSeen(`connection:${id}`, now));
      // Sent together: postgres.js pipelines statements of one transaction, so this is one round trip.
      const [stored] = await Promise.all([
        writeEventBatch(tx, rows, options.shard ?? 0),
        updateGatewaysSeen(tx, accepted.map((i) => i.event), lastSeen),
        connectionIds.length ? tx.update(networkConnections).set({ lastEventAt: now }).where(inArray(networkConnections.id, connectionIds)) : null,
      ]);
      const isNew = new Set(stored.map((r) => `${r.tenant_id}|${r.dedup_key}`));
      const fresh = claimed.flatMap(({ owner, event }, i) => (isNew.has(`${owner.tenantId}|${event.dedupKey}`) ? [{ owner, event, decoded: decoded[i]!.data }] : []));
      for (const { index, owner, event } of claimed) {
        outcomes[index] = { status: isNew.has(`${owner.tenantId}|${event.dedupKey}`) ? "stored" : "duplicate", suspended: owner.tenantStatus === "suspended" };
      }
      // Readings rollups (latest values, hourly readings, bin fill levels, solved locations, devices per
      // gateway; readings-rollup.ts) take only the events this batch inserted, so they follow the write.
      await rollUpReadings(tx, fresh.map(({ owner, event, decoded: data }) => ({
        tenantId: owner.tenantId, deviceId: owner.deviceId, kind: event.kind, occurredAt: event.occurredAt, decoded: data, location: event.location, gatewayEuis: event.gateways.map((g) => g.gatewayEui),
      })), { heardDue: (key, at) => claim(options.heard, key, at) });
      return outcomes;
    });
  } catch (error) {
    for (const [throttle, key] of throttleClaims) throttle.release([key]);
    throw error;
  }
}

export interface Owner { tenantId: string; deviceId: string; tenantStatus: string; codecSource: string | null; batteryRange: BatteryRange | null }

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

/**
 * One event as writeEventBatch takes it: the device_events columns, what metering adds for it (from
 * the domain: usageOf, countedGateways), and what the unclaimed-traffic tables need. `tenantId` null
 * means unclaimed.
 */
export interface BatchRow {
  tenantId: string | null;
  deviceId: string | null;
  event: NetworkEvent;
  /** The event's UTC hour, as an ISO string: the usage and gateway counters' key. */
  hour: string;
  usage: UsageContribution | null;
  /** The battery reading this event carries: its payload's (the codec named it), else the network server's. */
  battery: { percent: number; source: "payload" | "network" } | null;
  /** Gateways whose hourly count this event adds to, space-separated (EUIs are hex). */
  gateways: string;
  payloadHex: string | null;
  decoded: string | null;
  decodeError: string | null;
  details: string | null;
}

export function batchRow(event: NetworkEvent, owner: Pick<Owner, "tenantId" | "deviceId" | "batteryRange"> | null, decoded: { data: Record<string, unknown> | null; error: string | null }): BatchRow {
  const metered = { kind: event.kind, payloadBytes: event.payloadBytes, phyBytes: event.phyBytes, credits: event.credits, airtimeMs: event.airtimeMs, gatewayEuis: event.gateways.map((g) => g.gatewayEui) };
  return {
    tenantId: owner?.tenantId ?? null,
    deviceId: owner?.deviceId ?? null,
    event,
    hour: hourStart(event.occurredAt).toISOString(),
    // Unclaimed traffic is nobody's usage; it still counts for the gateways that heard it.
    usage: owner ? usageOf(metered) : null,
    battery: owner ? eventBattery(payloadBatteryPercent(decoded.data, owner.batteryRange), event.batteryLevel) : null,
    gateways: countedGateways(metered).join(" "),
    payloadHex: event.payload ? Buffer.from(event.payload).toString("hex") : null,
    decoded: decoded.data ? JSON.stringify(decoded.data) : null,
    decodeError: decoded.error,
    details: owner ? eventDetails(event) : null,
  };
}

/**
 * What the history view needs beyond the columns: per-gateway reception, the occasional log or
 * location, and the time the network server reported when it was not trusted (clock_skew).
 */
function eventDetails(event: NetworkEvent): string | null {
  const details: Record<string, unknown> = {};
  if (event.clockSkew) details.reportedAt = event.reportedAt.toISOString();
  if (event.gateways.length) details.gateways = event.gateways.map((g) => ({ eui: g.gatewayEui, rssi: g.rssi, snr: g.snr }));
  if (event.log) details.log = event.log;
  if (event.location) details.location = event.location;
  if (event.batteryLevel !== null) details.batteryLevel = event.batteryLevel;
  if (event.airtimeSource) details.airtimeSource = event.airtimeSource;
  return Object.keys(details).length ? JSON.stringify(details) : null;
}

const usageColumn = (name: string, counter: keyof UsageContribution): BatchColumn<BatchRow> => ({ name, type: counter === "airtimeMs" ? "float8" : "int", value: (r) => r.usage?.[counter] ?? null });

/** The batch as writeEventBatch's `input`: one array per column (see unnestRows). A new device_events column is one line here and one in the insert. */
const BATCH_COLUMNS: ReadonlyArray<BatchColumn<BatchRow>> = [
  { name: "tenant_id", type: "uuid", value: (r) => r.tenantId },
  { name: "device_id", type: "uuid", value: (r) => r.deviceId },
  { name: "dev_eui", type: "text", value: (r) => r.event.devEui },
  { name: "dedup_key", type: "text", value: (r) => r.event.dedupKey },
  { name: "kind", type: "network_event_kind", value: (r) => r.event.kind },
  { name: "source", type: "network_connection_kind", value: (r) => r.event.source },
  { name: "occurred_at", type: "timestamptz", value: (r) => r.event.occurredAt.toISOString() },
  { name: "reported_at", type: "timestamptz", value: (r) => r.event.reportedAt.toISOString() },
  { name: "hour", type: "timestamptz", value: (r) => r.hour },
  { name: "f_cnt", type: "bigint", value: (r) => r.event.fCnt },
  { name: "f_port", type: "smallint", value: (r) => r.event.fPort },
  { name: "payload_hex", type: "text", value: (r) => r.payloadHex },
  { name: "payload_bytes", type: "int", value: (r) => r.event.payloadBytes },
  { name: "phy_bytes", type: "int", value: (r) => r.event.phyBytes },
  { name: "airtime_ms", type: "real", value: (r) => r.event.airtimeMs },
  { name: "spreading_factor", type: "smallint", value: (r) => r.event.radio?.spreadingFactor ?? null },
  { name: "bandwidth_hz", type: "int", value: (r) => r.event.radio?.bandwidthHz ?? null },
  { name: "frequency_hz", type: "bigint", value: (r) => r.event.radio?.frequencyHz ?? null },
  { name: "gateway_count", type: "smallint", value: (r) => r.event.gateways.length },
  { name: "rssi", type: "real", value: (r) => r.event.bestRssi },
  { name: "snr", type: "real", value: (r) => r.event.bestSnr },
  { name: "credits", type: "int", value: (r) => r.event.credits },
  { name: "decoded", type: "jsonb", value: (r) => r.decoded },
  { name: "decode_error", type: "text", value: (r) => r.decodeError },
  { name: "details", type: "jsonb", value: (r) => r.details },
  { name: "clock_skew", type: "boolean", value: (r) => r.event.clockSkew },
  { name: "battery", type: "real", value: (r) => r.battery?.percent ?? null },
  { name: "battery_source", type: "text", value: (r) => r.battery?.source ?? null },
  { name: "first_gateway_eui", type: "text", value: (r) => r.event.gateways[0]?.gatewayEui ?? null },
  { name: "counted_gateways", type: "text", value: (r) => r.gateways },
  usageColumn("u_uplinks", "uplinks"),
  usageColumn("u_downlinks", "downlinks"),
  usageColumn("u_joins", "joins"),
  usageColumn("u_payload_bytes", "payloadBytes"),
  usageColumn("u_phy_bytes", "phyBytes"),
  usageColumn("u_credits", "credits"),
  usageColumn("u_airtime_ms", "airtimeMs"),
  usageColumn("u_receptions", "gatewayReceptions"),
];

/**
 * Everything a batch writes, in ONE statement whose data-modifying CTEs all feed on the rows the insert
 * actually kept (RETURNING), so a replayed event adds nothing anywhere:
 * - `ins`: new device events (a retry has the same dedup key and reported time, so conflicts: the
 *   partition key, reported_at, is part of the unique key); `fresh`: those rows with the rest of their input;
 * - `usage`: hourly usage per device (what each event adds was decided by the domain, usageOf);
 * - `dev`: each device's last seen, frame counter and signal from its newest new event, and its battery
 *   from the batch's preferred reading: the newest payload reading, else the newest network report (as
 *   domain/devices/battery's preferredBattery folds them); a stored payload reading is never replaced
 *   by a network report;
 * - `uins`/`summed`: unclaimed events and their per-DevEUI totals (see the comment on the summary below);
 * - `counted`: gateway counters of every new event, claimed or not, in this batch's shard; `carried`:
 *   the same per tenant and month, for claimed events (billing's income by gateway area);
 * - `outbox`: one delivery per enabled forwarder of the event's tenant that takes its kind (suspended
 *   tenants' too: held until they are active again).
 * Rows are written in key order (the ORDER BYs), so concurrent batches cannot deadlock. Returns the
 * keys of the new device events.
 *
 * One statement instead of one per table: PostgreSQL parses one parameter set instead of five, the
 * inserted rows never travel back to Node to be folded, and a batch is one round trip. Measured by
 * `npm run bench:ingest`, whose SQL floor runs this function on prepared rows.
 */
export async function writeEventBatch(tx: Database, rows: readonly BatchRow[], shard: number) {
  if (!rows.length) return [];
  return resultRows<{ tenant_id: string; dedup_key: string }>(
    await executePrepared(tx, sql`
      with input as (select * from ${unnestRows(BATCH_COLUMNS, rows, "x")}),
      ins as (
        insert into device_events (tenant_id, device_id, dedup_key, kind, occurred_at, reported_at, f_cnt, f_port, payload, payload_bytes, phy_bytes,
          airtime_ms, spreading_factor, bandwidth_hz, frequency_hz, gateway_count, rssi, snr, credits, decoded, decode_error, details, clock_skew)
        select tenant_id, device_id, dedup_key, kind, occurred_at, reported_at, f_cnt, f_port, decode(payload_hex, 'hex'), payload_bytes, phy_bytes,
          airtime_ms, spreading_factor, bandwidth_hz, frequency_hz, gateway_count, rssi, snr, credits, decoded, decode_error, details, clock_skew
        from input where tenant_id is not null
        order by tenant_id, dedup_key
        on conflict do nothing
        returning tenant_id, dedup_key, id
      ),
      fresh as (select x.*, ins.id from ins join input x on x.tenant_id = ins.tenant_id and x.dedup_key = ins.dedup_key),
      usage as (
        insert into usage_hourly (tenant_id, hour, device_id, uplinks, downlinks, joins, payload_bytes, phy_bytes, credits, airtime_ms, gateway_receptions)
        select tenant_id, hour, device_id, sum(u_uplinks), sum(u_downlinks), sum(u_joins), sum(u_payload_bytes), sum(u_phy_bytes), sum(u_credits), sum(u_airtime_ms), sum(u_receptions)
        from fresh where u_uplinks is not null
        group by tenant_id, hour, device_id order by tenant_id, hour, device_id
        on conflict (tenant_id, hour, device_id) do update set
          uplinks = usage_hourly.uplinks + excluded.uplinks,
          downlinks = usage_hourly.downlinks + excluded.downlinks,
          joins = usage_hourly.joins + excluded.joins,
          payload_bytes = usage_hourly.payload_bytes + excluded.payload_bytes,
          phy_bytes = usage_hourly.phy_bytes + excluded.phy_bytes,
          credits = usage_hourly.credits + excluded.credits,
          airtime_ms = usage_hourly.airtime_ms + excluded.airtime_ms,
          gateway_receptions = usage_hourly.gateway_receptions + excluded.gateway_receptions
      ),
      newest as (
        select distinct on (tenant_id, device_id) tenant_id, device_id, occurred_at as seen,
          case when kind = 'uplink' then f_cnt end as f_cnt, case when kind = 'uplink' then rssi end as rssi, case when kind = 'uplink' then snr end as snr
        from fresh order by tenant_id, device_id, occurred_at desc
      ),
      battery as (
        select distinct on (tenant_id, device_id) tenant_id, device_id, battery, battery_source
        from fresh where battery is not null order by tenant_id, device_id, battery_source = 'payload' desc, occurred_at desc
      ),
      dev as (
        update devices d set
          last_seen_at = greatest(d.last_seen_at, v.seen),
          last_f_cnt = coalesce(v.f_cnt, d.last_f_cnt),
          last_rssi = coalesce(v.rssi, d.last_rssi),
          last_snr = coalesce(v.snr, d.last_snr),
          battery_level = case when b.battery is not null and (b.battery_source = 'payload' or d.battery_source is distinct from 'payload') then b.battery else d.battery_level end,
          battery_source = case when b.battery is not null and (b.battery_source = 'payload' or d.battery_source is distinct from 'payload') then b.battery_source::battery_source else d.battery_source end
        from newest v left join battery b on b.tenant_id = v.tenant_id and b.device_id = v.device_id
        where d.tenant_id = v.tenant_id and d.id = v.device_id and (d.last_seen_at is null or v.seen >= d.last_seen_at)
      ),
      uins as (
        insert into unclaimed_events (dedup_key, dev_eui, kind, source, occurred_at, rssi, snr, gateway_eui, payload_bytes)
        select dedup_key, dev_eui, kind, source, occurred_at, rssi, snr, first_gateway_eui, payload_bytes
        from input where tenant_id is null
        order by dedup_key
        on conflict do nothing
        returning dedup_key, dev_eui, source, occurred_at, rssi, gateway_eui
      ),
      -- A stored source or gateway gives way only to a newer event's (or, at the same time, a greater
      -- value), so the result does not depend on the order batches arrive in; the backfill migration
      -- (drizzle/0012_unclaimed_devices_backfill.sql) computes the same from stored events.
      summed as (
        insert into unclaimed_devices as d (dev_eui, first_seen_at, last_seen_at, events, best_rssi, last_gateway_eui, last_gateway_at, last_source)
        select dev_eui, min(occurred_at), max(occurred_at), count(*), max(rssi),
          (array_agg(gateway_eui order by occurred_at desc, gateway_eui desc) filter (where gateway_eui is not null))[1],
          max(occurred_at) filter (where gateway_eui is not null),
          (array_agg(source order by occurred_at desc, source desc))[1]
        from uins group by dev_eui order by dev_eui
        on conflict (dev_eui) do update set
          first_seen_at = least(d.first_seen_at, excluded.first_seen_at),
          last_seen_at = greatest(d.last_seen_at, excluded.last_seen_at),
          events = d.events + excluded.events,
          best_rssi = greatest(d.best_rssi, excluded.best_rssi),
          last_source = case when (excluded.last_seen_at, excluded.last_source) > (d.last_seen_at, d.last_source) then excluded.last_source else d.last_source end,
          last_gateway_eui = case when (excluded.last_gateway_at, excluded.last_gateway_eui) > (coalesce(d.last_gateway_at, '-infinity'), d.last_gateway_eui)
            then excluded.last_gateway_eui else d.last_gateway_eui end,
          last_gateway_at = greatest(d.last_gateway_at, excluded.last_gateway_at)
      ),
      heard as (
        select fresh.tenant_id, fresh.hour, g.eui
        from fresh cross join unnest(string_to_array(fresh.counted_gateways, ' ')) as g(eui)
        union all
        select null, x.hour, g.eui
        from uins join input x on x.tenant_id is null and x.dedup_key = uins.dedup_key cross join unnest(string_to_array(x.counted_gateways, ' ')) as g(eui)
      ),
      counted as (
        insert into gateway_hourly (gateway_eui, hour, shard, uplinks)
        select eui, hour, ${shard % GATEWAY_COUNTER_SHARDS}, count(*)
        from heard
        group by eui, hour order by eui, hour
        on conflict (gateway_eui, hour, shard) do update set uplinks = gateway_hourly.uplinks + excluded.uplinks
      ),
      carried as (
        insert into gateway_tenant_monthly (tenant_id, month, gateway_eui, shard, uplinks)
        select tenant_id, date_trunc('month', hour, 'UTC'), eui, ${shard % GATEWAY_COUNTER_SHARDS}, count(*)
        from heard where tenant_id is not null
        group by 1, 2, 3 order by 1, 2, 3
        on conflict (tenant_id, month, gateway_eui, shard) do update set uplinks = gateway_tenant_monthly.uplinks + excluded.uplinks
      ),
      outbox as (
        insert into forward_deliveries (tenant_id, forwarder_id, event_id)
        select fresh.tenant_id, f.id, fresh.id
        from fresh join forwarders f on f.tenant_id = fresh.tenant_id and f.enabled and fresh.kind = any(f.event_kinds)
        on conflict do nothing
      )
      select tenant_id, dedup_key from ins`),
  );
}

/**
 * Gateways heard for the first time appear in the operator's list, named by their EUI until renamed,
 * at the location their receptions report. A reported location replaces one the network reported
 * before (the gateway may have moved), never one an operator set.
 */
async function updateGatewaysSeen(tx: Database, events: readonly NetworkEvent[], due: (key: string, at: Date) => boolean) {
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

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
