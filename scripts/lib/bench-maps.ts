/**
 * The maps and dashboards case of `npm run bench:ingest`, run after the history fill (so device_events
 * holds BENCH_ROWS uplinks): a waste tenant with BENCH_BINS bins (default 5,000) and a network of
 * BENCH_GATEWAYS gateways (default 1,000), their rollups filled as ingestion keeps them, then the waste
 * dashboard page (its three answers: counts and the first page of bins, every bin for the map, today's
 * collection list; through RLS) and the operator's network map timed as the app runs them, each beside
 * a baseline measured in the same run: the same answers computed from raw events, as they would be
 * without the rollups.
 */
import type postgres from "postgres";
import type { Database } from "../../src/server/db";
import { timed } from "./bench-setup";

export interface MapsFigures {
  bins: number;
  gateways: number;
  binEvents: number;
  waste: { p50: number; p99: number; max: number; runs: number; binsShown: number; stops: number };
  wasteBaseline: { median: number; runs: number };
  map: { p50: number; p99: number; max: number; runs: number; gatewaysShown: number };
  mapBaseline: { median: number; runs: number };
}

export async function benchMaps(sql: postgres.Sql, db: Database, options: { bins: number; gateways: number; runs: number; log: (line: string) => void }): Promise<MapsFigures> {
  const { withPlatform, withTenant } = await import("../../src/server/db/scopes");
  const { collectionList, wasteDashboard, wasteMap } = await import("../../src/server/waste/waste-dashboard");
  const { networkMap } = await import("../../src/server/network/network-map");
  const { bins, gateways, log } = options;

  // A waste tenant with its bins, placed around a town, each with a fill cycle and a day of hourly readings.
  const [{ id: tenantId }] = (await sql<{ id: string }[]>`
    insert into tenants (slug, name, contact_email, billing_email, status) values ('bench-waste', 'Bench waste team', 'waste@example.org', 'waste@example.org', 'active') returning id`) as unknown as [{ id: string }];
  await sql`
    insert into devices (tenant_id, dev_eui, name, activation, last_seen_at, battery_level, tags)
    select ${tenantId}, 'b1' || lpad(to_hex(g), 14, '0'), 'Bin ' || g, 'otaa', now() - (g % 90) * interval '1 minute', 5 + (g * 7) % 95, '{bin}'
    from generate_series(1, ${bins}) g`;
  await sql`
    insert into device_locations (tenant_id, device_id, latitude, longitude, source, located_at)
    select tenant_id, id, 53.15 + random() * 0.1, -2.95 + random() * 0.12, 'manual', now() from devices where tenant_id = ${tenantId}`;
  const binEvents = bins * 24;
  await sql`
    insert into device_events (tenant_id, device_id, dedup_key, kind, occurred_at, reported_at, received_at, f_port, payload_bytes, phy_bytes, credits, decoded)
    select d.tenant_id, d.id, 'cs:up:bin-' || d.dev_eui || '-' || h, 'uplink', t.at, t.at, t.at, 2, 5, 18, 1,
      -- Bins filling 0.3 to 3 points an hour from 0–30 %: by now about a third need a visit today, as on a daily round.
      jsonb_build_object('fillPercent', least(100, round((abs(hashtext(d.dev_eui)) % 30) + h * (0.3 + (abs(hashtext(d.dev_eui || 'r')) % 10) * 0.3))), 'batteryMillivolts', 3400, 'temperatureC', 11.5)
    from devices d cross join generate_series(1, 24) h cross join lateral (select now() - (24 - h) * interval '1 hour' as at) t where d.tenant_id = ${tenantId}`;
  // The fill cycles ingestion would have folded from those readings (t in hours since the first).
  await sql`
    insert into bin_levels (tenant_id, device_id, fill_percent, fill_at, cycle_started_at, start_fill_percent, readings, sum_t, sum_f, sum_tt, sum_tf, over_since)
    select e.tenant_id, e.device_id,
      (array_agg((e.decoded ->> 'fillPercent')::float8 order by e.occurred_at desc))[1], max(e.occurred_at), min(e.occurred_at),
      (array_agg((e.decoded ->> 'fillPercent')::float8 order by e.occurred_at))[1], count(*),
      sum(extract(epoch from e.occurred_at - t.start) / 3600), sum((e.decoded ->> 'fillPercent')::float8),
      sum((extract(epoch from e.occurred_at - t.start) / 3600) ^ 2), sum(extract(epoch from e.occurred_at - t.start) / 3600 * (e.decoded ->> 'fillPercent')::float8),
      min(e.occurred_at) filter (where (e.decoded ->> 'fillPercent')::float8 >= 80)
    from device_events e
    cross join lateral (select now() - interval '23 hours' as start) t
    where e.tenant_id = ${tenantId}
    group by e.tenant_id, e.device_id`;
  // Their fill rates and "full by" times, as the fold stores them (the least-squares slope of the sums).
  await sql`
    update bin_levels set rate_per_hour = s.rate, full_at = case when s.rate >= 0.05 then fill_at + ((100 - fill_percent) / s.rate) * interval '1 hour' end
    from (select device_id, (readings * sum_tf - sum_t * sum_f) / nullif(readings * sum_tt - sum_t * sum_t, 0) as rate from bin_levels where tenant_id = ${tenantId}) s
    where bin_levels.tenant_id = ${tenantId} and bin_levels.device_id = s.device_id`;
  log(`maps: ${bins.toLocaleString("en-GB")} bins with ${binEvents.toLocaleString("en-GB")} readings and their fill cycles`);

  // The network: gateways placed over the county, a day of traffic in two counter shards, the devices they heard, prospects around them.
  await sql`
    insert into gateways (gateway_eui, name, latitude, longitude, location_source, last_seen_at)
    select 'ba' || lpad(to_hex(g), 14, '0'), 'Gateway ' || g, 52.9 + random() * 0.6, -3.3 + random() * 0.9, 'operator',
      case when g % 17 = 0 then null when g % 5 = 0 then now() - interval '2 hours' else now() - interval '1 minute' end
    from generate_series(1, ${gateways}) g`;
  await sql`
    insert into gateway_hourly (gateway_eui, hour, shard, uplinks)
    select g.gateway_eui, date_trunc('hour', now()) - h * interval '1 hour', s, 10 + (abs(hashtext(g.gateway_eui)) % 500)
    from gateways g cross join generate_series(0, 24) h cross join generate_series(0, 1) s where g.gateway_eui like 'ba%'`;
  await sql`
    insert into gateway_devices (gateway_eui, tenant_id, device_id, last_heard_at)
    select g.gateway_eui, d.tenant_id, d.id, now() - (random() * 30) * interval '1 hour'
    from (select gateway_eui, row_number() over (order by gateway_eui) as n from gateways where gateway_eui like 'ba%') g
    join (select tenant_id, id, row_number() over (order by tenant_id, id) as n from devices) d on d.n % ${gateways} = g.n % ${gateways}
    on conflict do nothing`;
  await sql`
    insert into unclaimed_devices (dev_eui, first_seen_at, last_seen_at, events, best_rssi, last_gateway_eui, last_gateway_at, last_source)
    select 'bf' || lpad(to_hex(u), 14, '0'), now() - interval '3 days', now() - (u % 100) * interval '1 hour', 10, -100,
      'ba' || lpad(to_hex(1 + u % ${gateways}), 14, '0'), now() - (u % 100) * interval '1 hour', 'chirpstack'
    from generate_series(1, ${gateways * 2}) u`;
  for (const table of ["devices", "device_locations", "bin_levels", "gateways", "gateway_hourly", "gateway_devices", "unclaimed_devices", "device_events"]) await sql.unsafe(`analyze ${table}`);
  log(`maps: ${gateways.toLocaleString("en-GB")} gateways with a day of traffic, the devices they heard and ${(gateways * 2).toLocaleString("en-GB")} unclaimed DevEUIs`);

  const waste = await timed(options.runs, async () => {
    const [dashboard, map, list] = await Promise.all([
      withTenant(db, { tenantId }, (tx) => wasteDashboard(tx, tenantId)),
      withTenant(db, { tenantId }, (tx) => wasteMap(tx, tenantId)),
      withTenant(db, { tenantId }, (tx) => collectionList(tx, tenantId)),
    ]);
    return { dashboard, map, list };
  });
  const map = await timed(options.runs, () => withPlatform(db, (tx) => networkMap(tx)));

  // Baselines: the same facts from raw events. Each bin's latest fill and the first reading over the
  // threshold in its last day; each gateway's devices heard in 24 hours from the events' receptions.
  const wasteBaseline = await timed(3, () => sql`
    select distinct on (e.device_id) e.device_id, (e.decoded ->> 'fillPercent')::float8 as fill, e.occurred_at,
      min(e.occurred_at) filter (where (e.decoded ->> 'fillPercent')::float8 >= 80) over (partition by e.device_id) as over_since,
      regr_slope((e.decoded ->> 'fillPercent')::float8, extract(epoch from e.occurred_at)) over (partition by e.device_id) as rate
    from device_events e
    where e.tenant_id = ${tenantId} and e.occurred_at > now() - interval '1 day' and e.decoded ? 'fillPercent'
    order by e.device_id, e.occurred_at desc`);
  const mapBaseline = await timed(3, () => sql`
    select r.eui, count(distinct e.device_id) as devices
    from device_events e cross join lateral jsonb_array_elements(coalesce(e.details -> 'gateways', '[]'::jsonb)) g
    cross join lateral (select g ->> 'eui' as eui) r
    where e.occurred_at > now() - interval '1 day'
    group by r.eui`);

  return {
    bins, gateways, binEvents,
    waste: { p50: waste.p50, p99: waste.p99, max: waste.max, runs: waste.runs, binsShown: waste.last.map.length, stops: waste.last.list.stops.length },
    wasteBaseline: { median: wasteBaseline.p50, runs: wasteBaseline.runs },
    map: { p50: map.p50, p99: map.p99, max: map.max, runs: map.runs, gatewaysShown: map.last.gateways.length },
    mapBaseline: { median: mapBaseline.p50, runs: mapBaseline.runs },
  };
}
