/**
 * `npm run bench:ingest`: how fast ingestion stores uplinks end to end, against the ceiling this machine
 * allows for the same work, and how fast the dashboards' queries stay with a large event history.
 * A benchmark, not a test: it wipes and refills its database, and takes a few minutes at full size.
 *
 *   1. HTTP floor: the same BENCH_N requests, from the same load generator, answered by a bare node:http
 *      server (JSON.parse and a 200, nothing else) with as many processes as the ingestion server.
 *   2. Ingest: BENCH_N ChirpStack `up` events are POSTed, one per request (BENCH_IN_FLIGHT at a time,
 *      keep-alive), to the dedicated ingestion server, started with `npm run ingest-server` as in
 *      production (BENCH_PROCESSES processes, BENCH_BATCHES batches each at a time): auth, rate limit,
 *      validation, dedup, storage, hourly metering, device and gateway state, forwarding outbox (every
 *      BENCH_FORWARDING_EVERY-th tenant has an endpoint).
 *   3. SQL floor: exactly the rows step 2 wrote for BENCH_N more events (events, hourly usage, device
 *      state, gateway counters, outbox), with no HTTP and no validation: the same events, normalised and
 *      given their owners beforehand, written by ingestion's batch statement (writeEventBatch: one
 *      statement per batch, the fastest of the shapes measured; see README) in batches of
 *      BENCH_FLOOR_BATCH, as many at a time as the ingestion server writes.
 *   The ceiling is 1 / (1/SQL floor + 1/HTTP floor): both share the same cores. Ingestion / ceiling says
 *   how much of it ingestion's own work leaves.
 *   4. History: device_events is filled to BENCH_ROWS uplinks over 35 days (INSERT … SELECT
 *      generate_series, with the matching usage_hourly rows, into their months' partitions), vacuumed
 *      and analysed; step 2 runs again, to show whether storing slows down as the events table grows
 *      (device events are partitioned by month, so each month's indexes stay a month's size); then the
 *      tenant's 30-day daily usage query (through RLS) and the operator's network overview are timed
 *      BENCH_QUERY_RUNS times.
 *   5. Maps (scripts/lib/bench-maps.ts): with that history in place, a waste tenant with BENCH_BINS bins
 *      and BENCH_GATEWAYS gateways with their rollups; the waste dashboard (RLS) and the operator's
 *      network map are timed BENCH_QUERY_RUNS times, beside the same answers computed from raw events.
 *   6. Income (scripts/lib/bench-income.ts): every tenant invoiced for the last full month; billing's
 *      income by gateway area is timed BENCH_QUERY_RUNS times beside the same answer from raw events.
 *
 * Database: BENCH_DATABASE_URL, else DATABASE_URL, else postgres://longreach:longreach@127.0.0.1:5432/longreach_bench
 * (created if missing). Everything in it is dropped first, so its name must contain "bench" (or set
 * BENCH_WIPE=true). Sizes: BENCH_N (100000), BENCH_TENANTS (20), BENCH_DEVICES per tenant (50),
 * BENCH_ROWS (10000000), BENCH_IN_FLIGHT (256), BENCH_BATCHES (2), BENCH_QUERY_RUNS (200),
 * BENCH_PROCESSES ingestion server processes (one per CPU), BENCH_FLOOR_BATCH (500),
 * BENCH_FORWARDING_EVERY (4), BENCH_CODECS=true to give every device a payload codec (decoding in the
 * sandbox is then measured too).
 * Quick run: BENCH_N=20000 BENCH_ROWS=1000000 npm run bench:ingest
 */
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { benchDatabaseUrl, fmt, freshDatabase, intSetting as int, log, printResults, timed } from "./lib/bench-setup";
import { backendCpuSeconds, generateLoad, startHttpServer } from "./lib/bench-processes";

const config = {
  n: int("BENCH_N", 100_000),
  tenants: int("BENCH_TENANTS", 20),
  devicesPerTenant: int("BENCH_DEVICES", 50),
  rows: int("BENCH_ROWS", 10_000_000),
  inFlight: int("BENCH_IN_FLIGHT", 256),
  batches: int("BENCH_BATCHES", 2),
  processes: int("BENCH_PROCESSES", availableParallelism()),
  queryRuns: int("BENCH_QUERY_RUNS", 200),
  floorBatch: int("BENCH_FLOOR_BATCH", 500),
  forwardingEvery: int("BENCH_FORWARDING_EVERY", 4),
  bins: int("BENCH_BINS", 5_000),
  gateways: int("BENCH_GATEWAYS", 1_000),
  codecs: process.env.BENCH_CODECS === "true",
};
const url = benchDatabaseUrl("bench:ingest");

const { openDatabase } = await import("../src/server/db/client");
const { withPlatform, withTenant } = await import("../src/server/db/scopes");
const { dailyUsageQuery, tenantDailyUsage } = await import("../src/server/billing/tenant-usage");
const { networkOverview } = await import("../src/server/network/overview");
const { normalizeChirpstackEvent } = await import("../src/domain/lorawan");
const { batchRow, writeEventBatch } = await import("../src/server/ingestion/store-events");
const { sharedCodecRunner } = await import("../src/domain/codecs");
const { seedBenchNetwork } = await import("./lib/bench-network");
const { ensureEventPartitions } = await import("../src/server/jobs/event-partitions");
const { chirpstackBody } = await import("./lib/bench-chirpstack-body.mjs");

// ---------------------------------------------------------------------------------------------------
// The SQL floor: the same events, owners known, rows built beforehand: only the database's share is timed.

type Owners = Map<string, { tenantId: string; deviceId: string }>;

async function sqlFloor(db: import("../src/server/db").Database, devEuis: string[], owners: Owners, prefix: string) {
  const rows = Array.from({ length: config.n }, (_, i) => {
    const event = normalizeChirpstackEvent("up", JSON.parse(chirpstackBody(i, devEuis, prefix)), new Date());
    return batchRow(event, { ...owners.get(event.devEui)!, batteryRange: null }, { data: null, error: null });
  });
  const batches: (typeof rows)[] = [];
  for (let i = 0; i < rows.length; i += config.floorBatch) batches.push(rows.slice(i, i + config.floorBatch));
  let next = 0;
  const started = performance.now();
  // As many batches at a time as the ingestion server writes (processes × batches), each in its own shard.
  await Promise.all(
    Array.from({ length: config.processes * config.batches }, async (_, lane) => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        await withPlatform(db, (tx) => writeEventBatch(tx, batch, lane));
      }
    }),
  );
  return { rows: rows.length, elapsedMs: performance.now() - started };
}

// ---------------------------------------------------------------------------------------------------
// History: device_events up to BENCH_ROWS uplinks over 35 days, usage_hourly to match.

const FILL_CHUNK = 500_000;
/** Each device of the history is heard by one of this many gateways, and every other device by one of as many more. */
const HISTORY_GATEWAYS = 40;

async function fillHistory(sql: postgres.Sql, db: import("../src/server/db").Database) {
  // An installation holding 35 days of events has had their months' partitions for a while (the
  // periodic jobs create them ahead); without them the history would all land in the default one.
  await ensureEventPartitions(db, new Date(Date.now() - 36 * 86_400_000), new Date());
  const [{ existing }] = (await sql<{ existing: number }[]>`select count(*)::int as existing from device_events`) as unknown as [{ existing: number }];
  const toAdd = Math.max(0, config.rows - existing);
  // Devices spread over a town are heard by one gateway or two, not all by the same one.
  await sql`
    create table bench_devices as
    select n, tenant_id, device_id, euis, cardinality(euis) as gateway_count,
      jsonb_build_object('gateways', (select jsonb_agg(jsonb_build_object('eui', eui, 'rssi', -87, 'snr', 5.5)) from unnest(euis) eui)) as details
    from (
      select n, tenant_id, device_id,
        array_remove(array['0016c001f15' || lpad(to_hex(n % ${HISTORY_GATEWAYS}), 5, '0'),
          case when n % 2 = 0 then '0016c001f15' || lpad(to_hex((n * 7 + 3) % ${HISTORY_GATEWAYS} + ${HISTORY_GATEWAYS}), 5, '0') end], null) as euis
      from (select (row_number() over (order by tenant_id, id) - 1)::int as n, tenant_id, id as device_id from devices) d
    ) d`;
  await sql`alter table bench_devices add primary key (n)`;
  await sql`create unique index on bench_devices (device_id)`;
  const deviceCount = config.tenants * config.devicesPerTenant;
  const chunks: Array<[number, number]> = [];
  for (let from = 0; from < toAdd; from += FILL_CHUNK) chunks.push([from, Math.min(toAdd, from + FILL_CHUNK) - 1]);
  const started = performance.now();
  let done = 0;
  let next = 0;
  // Two statements at a time: one per core on the machine this was written for.
  await Promise.all(
    Array.from({ length: Math.min(2, availableParallelism()) }, async () => {
      while (next < chunks.length) {
        const [from, to] = chunks[next++]!;
        await sql.begin(async (tx) => {
          // Each device reports every ~35 days × devices / rows; the newest event is just before now.
          await tx`
            with added as (
              insert into device_events (tenant_id, device_id, dedup_key, kind, occurred_at, reported_at, received_at, f_cnt, f_port, payload, payload_bytes, phy_bytes,
                airtime_ms, spreading_factor, bandwidth_hz, frequency_hz, gateway_count, rssi, snr, credits, decoded, details)
              select d.tenant_id, d.device_id, 'cs:up:fill-' || lpad(g::text, 10, '0'), 'uplink', t.at, t.at, t.at, g / ${deviceCount}, 2, decode('2a0e1c007b', 'hex'), 5, 18,
                41.2 + (g % 4) * 20, 7 + (g % 4), 125000, 868100000 + (g % 3) * 200000, d.gateway_count, -80 - (g % 30), 7.5 - (g % 3) * 3, 1,
                '{"fillPercent": 42, "batteryMillivolts": 3612, "temperatureC": 12.3}'::jsonb,
                d.details
              from generate_series(${from}::bigint, ${to}::bigint) g
              join bench_devices d on d.n = g % ${deviceCount}
              cross join lateral (select now() - interval '35 days' + (g::float8 / ${toAdd}) * interval '35 days' - interval '1 minute' as at) t
              returning tenant_id, device_id, occurred_at, payload_bytes, phy_bytes, credits, airtime_ms, gateway_count
            ),
            -- The uplinks each gateway heard per tenant and month, as ingestion keeps them (income by gateway area).
            carried as (
              insert into gateway_tenant_monthly (tenant_id, month, gateway_eui, uplinks)
              select a.tenant_id, date_trunc('month', a.occurred_at, 'UTC'), eui, count(*)
              from added a join bench_devices d on d.device_id = a.device_id cross join unnest(d.euis) eui
              group by 1, 2, 3 order by 1, 2, 3
              on conflict (tenant_id, month, gateway_eui, shard) do update set uplinks = gateway_tenant_monthly.uplinks + excluded.uplinks
            )
            insert into usage_hourly (tenant_id, hour, device_id, uplinks, payload_bytes, phy_bytes, credits, airtime_ms, gateway_receptions)
            select tenant_id, date_trunc('hour', occurred_at at time zone 'UTC') at time zone 'UTC', device_id, count(*), sum(payload_bytes), sum(phy_bytes), sum(credits), sum(airtime_ms), sum(gateway_count)
            from added group by 1, 2, 3
            -- Chunks running side by side share their boundary hour: taking its rows in one order avoids deadlocks.
            order by 1, 2, 3
            on conflict (tenant_id, hour, device_id) do update set
              uplinks = usage_hourly.uplinks + excluded.uplinks, payload_bytes = usage_hourly.payload_bytes + excluded.payload_bytes,
              phy_bytes = usage_hourly.phy_bytes + excluded.phy_bytes, credits = usage_hourly.credits + excluded.credits,
              airtime_ms = usage_hourly.airtime_ms + excluded.airtime_ms, gateway_receptions = usage_hourly.gateway_receptions + excluded.gateway_receptions`;
        });
        done += to - from + 1;
        const seconds = (performance.now() - started) / 1000;
        log(`  history: ${fmt(done)} / ${fmt(toAdd)} rows (${fmt(done / seconds)} rows/s)`);
      }
    }),
  );
  const fillMs = performance.now() - started;
  await sql`drop table bench_devices`;
  // As autovacuum would have long since: otherwise it starts on the filled tables while queries are timed.
  const analyzeStarted = performance.now();
  await sql`vacuum (analyze) device_events`;
  await sql`vacuum (analyze) usage_hourly`;
  const analyzeMs = performance.now() - analyzeStarted;
  const [sizes] = await sql<{ events: number; usage: number; events_size: string; usage_size: string }[]>`
    select (select count(*)::int from device_events) as events, (select count(*)::int from usage_hourly) as usage,
      pg_size_pretty((select sum(pg_total_relation_size(inhrelid)) from pg_inherits where inhparent = 'device_events'::regclass)) as events_size, pg_size_pretty(pg_total_relation_size('usage_hourly')) as usage_size`;
  return { added: toAdd, fillMs, analyzeMs, ...sizes! };
}

/** One timed ingestion run: the ingestion server started as in production, warmed up, then BENCH_N uplinks. */
async function timeIngestion(label: string, ctx: { url: string; sql: postgres.Sql; secret: string; devEuis: string[]; warmup: number }) {
  const server = await startHttpServer("ingest", { url: ctx.url, ...config });
  const load = (count: number, prefix: string) => generateLoad({ port: server.port, secret: ctx.secret, count, inFlight: config.inFlight, devEuis: ctx.devEuis, prefix });
  const commits = async () => Number((await ctx.sql<{ n: string }[]>`select xact_commit::text as n from pg_stat_database where datname = current_database()`)[0]!.n);
  await load(ctx.warmup, `warmup-${Date.now()}-`);
  log(`${label}: warmed up with ${fmt(ctx.warmup)} uplinks`);
  const commitsBefore = await commits();
  const backendBefore = await backendCpuSeconds(ctx.sql);
  const loadBefore = loadavg()[0]!;
  const serverBefore = server.cpuSeconds();
  const prefix = `run-${Date.now()}-`;
  const run = await load(config.n, prefix);
  const serverUs = ((server.cpuSeconds() - serverBefore) * 1e6) / config.n;
  const backendAfter = await backendCpuSeconds(ctx.sql);
  const backendUs = backendBefore !== null && backendAfter !== null ? ((backendAfter - backendBefore) * 1e6) / config.n : null;
  const perCommit = config.n / Math.max(1, (await commits()) - commitsBefore);
  const rate = (config.n / run.elapsedMs) * 1000;
  const created = run.statuses["201"] ?? 0;
  log(`${label}: ${fmt(config.n)} uplinks in ${fmt(run.elapsedMs / 1000, 2)} s → ${fmt(rate)} uplinks/s (statuses ${JSON.stringify(run.statuses)})`);
  if (created !== config.n) log(`  WARNING: ${fmt(config.n - created)} uplinks were not stored; first answer: ${run.firstError}`);
  await server.close();
  return { prefix, rate, elapsedMs: run.elapsedMs, p50: run.p50, p99: run.p99, serverUs, backendUs, perCommit, loadBefore, loadAfter: loadavg()[0]! };
}

async function main() {
  log(`bench:ingest on ${url.replace(/:[^:@/]*@/, ":…@")}: ${fmt(config.n)} uplinks from ${config.tenants} tenants × ${config.devicesPerTenant} devices, ${config.inFlight} in flight, ${config.processes} processes × ${config.batches} batches at a time${config.codecs ? ", with codecs" : ""}`);
  const version = await freshDatabase(url);
  log(`database reset and migrated (PostgreSQL ${version})`);

  const handle = await openDatabase({ url, poolMax: config.processes * config.batches + 1 });
  const db = handle.db;
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const { secret, tenantIds, devEuis, owners, forwarding } = await seedBenchNetwork(db, config);
  log(`seeded ${tenantIds.length} tenants (${forwarding} with a forwarding endpoint), ${devEuis.length} devices`);
  const warmup = Math.min(5_000, Math.ceil(config.n / 10));

  // 1. HTTP floor.
  const load = (port: number, count: number, prefix: string) => generateLoad({ port, secret, count, inFlight: config.inFlight, devEuis, prefix });
  const floorServer = await startHttpServer("floor", { url, ...config });
  await load(floorServer.port, warmup, "floor-warmup-");
  const floorCpuBefore = floorServer.cpuSeconds();
  const http = await load(floorServer.port, config.n, "floor-");
  const floorServerUs = ((floorServer.cpuSeconds() - floorCpuBefore) * 1e6) / config.n;
  await floorServer.close();
  const httpRate = (config.n / http.elapsedMs) * 1000;
  log(`HTTP floor: ${fmt(config.n)} requests in ${fmt(http.elapsedMs / 1000, 2)} s → ${fmt(httpRate)} requests/s`);

  // 2. Ingestion, on a database holding only the seed.
  const ingestRun = (label: string) => timeIngestion(label, { url, sql, secret, devEuis, warmup });
  const { prefix, ...ingest } = await ingestRun("ingest");
  const ingestRate = ingest.rate;

  // Every uplink of the run stored once, and metered once.
  const [check] = await sql<{ events: number; uplinks: number; deliveries: number }[]>`
    select (select count(*)::int from device_events where dedup_key like ${`cs:up:${prefix}%`}) as events,
           (select coalesce(sum(uplinks), 0)::int from usage_hourly) as uplinks,
           (select count(*)::int from forward_deliveries) as deliveries`;

  // 3. SQL floor.
  const floorBackendBefore = await backendCpuSeconds(sql);
  const floor = await sqlFloor(db, devEuis, owners, `floor-sql-${Date.now()}-`);
  const floorBackendAfter = await backendCpuSeconds(sql);
  const floorBackendUs = floorBackendBefore !== null && floorBackendAfter !== null ? ((floorBackendAfter - floorBackendBefore) * 1e6) / floor.rows : null;
  const sqlRate = (floor.rows / floor.elapsedMs) * 1000;
  log(`SQL floor: ${fmt(floor.rows)} events in ${fmt(floor.elapsedMs / 1000, 2)} s → ${fmt(sqlRate)} events/s`);
  const ceiling = 1 / (1 / sqlRate + 1 / httpRate);

  // 4. History and the dashboards' queries.
  log(`filling device_events to ${fmt(config.rows)} uplinks over 35 days…`);
  const history = await fillHistory(sql, db);
  log(`history: ${fmt(history.events)} events (${history.events_size}), ${fmt(history.usage)} usage_hourly rows (${history.usage_size}); fill ${fmt(history.fillMs / 1000, 1)} s, vacuum and analyze ${fmt(history.analyzeMs / 1000, 1)} s`);
  // The same ingestion again, with the history in place: does storing slow down as the events table grows?
  const ingestLater = await ingestRun("ingest with history");

  const to = new Date();
  const from = new Date(to.getTime() - 30 * 86_400_000);
  let days = 0;
  const usageQueries = await timed(config.queryRuns, async (i) => {
    const tenantId = tenantIds[i % tenantIds.length]!;
    days = (await withTenant(db, { tenantId }, (tx) => tenantDailyUsage(tx, tenantId, from, to))).length;
  }, 10);
  const overviews = await timed(config.queryRuns, () => withPlatform(db, (tx) => networkOverview(tx)), 10);
  const usageQuery = dailyUsageQuery(db, tenantIds[0]!, from, to).toSQL();
  const plan = await sql.begin(async (tx) => {
    await tx`set local role app_user`;
    await tx`select set_config('app.tenant_id', ${tenantIds[0]!}, true)`;
    return tx.unsafe(`explain (analyze, buffers) ${usageQuery.sql}`, usageQuery.params as string[]);
  });
  const planLines = plan.map((r) => String(r["QUERY PLAN"]));

  const { benchMaps } = await import("./lib/bench-maps");
  const maps = await benchMaps(sql, db, { bins: config.bins, gateways: config.gateways, runs: config.queryRuns, log });
  const { benchIncome } = await import("./lib/bench-income");
  const income = await benchIncome(sql, db, { runs: config.queryRuns, log });

  await sql.end();
  await handle.close();
  await sharedCodecRunner().close();

  const ratio = ingestRate / ceiling;
  const us = (value: number | null) => (value === null ? "n/a (not a local server)" : `${fmt(value)} µs`);
  const rows: Array<[string, string]> = [
    ["PostgreSQL / CPUs", `${version} / ${availableParallelism()}`],
    ["tenants × devices (with an endpoint)", `${config.tenants} × ${config.devicesPerTenant} (${forwarding} tenants)`],
    ["HTTP floor (bare node:http, JSON.parse, 200)", `${fmt(httpRate)} requests/s`],
    ["  server CPU per request", `${fmt(floorServerUs)} µs (${config.processes} processes)`],
    [`SQL floor (writeEventBatch, ${config.floorBatch} per batch)`, `${fmt(sqlRate)} events/s`],
    ["  PostgreSQL backend CPU per event", us(floorBackendUs)],
    ["ceiling 1 / (1/SQL + 1/HTTP)", `${fmt(ceiling)} events/s`],
    ["HTTP ingest (ingestion server, metered)", `${fmt(ingestRate)} uplinks/s`],
    ["  uplinks, time", `${fmt(config.n)} in ${fmt(ingest.elapsedMs / 1000, 2)} s`],
    ["  request latency p50 / p99", `${fmt(ingest.p50, 1)} / ${fmt(ingest.p99, 1)} ms`],
    ["  uplinks per commit (avg)", fmt(ingest.perCommit, 1)],
    ["  ingestion server CPU per uplink", `${fmt(ingest.serverUs)} µs (${config.processes} processes)`],
    ["  PostgreSQL backend CPU per uplink", us(ingest.backendUs)],
    ["  machine load (1 min) before / after", `${fmt(ingest.loadBefore, 1)} / ${fmt(ingest.loadAfter, 1)}`],
    ["  stored / metered once, deliveries queued", `${fmt(check?.events ?? 0)} / ${fmt(check?.uplinks ?? 0)} (incl. ${fmt(warmup)} warm-up), ${fmt(check?.deliveries ?? 0)}`],
    ["ratio ingest / ceiling", fmt(ratio, 2)],
    ["device_events after fill", `${fmt(history.events)} rows, ${history.events_size}`],
    ["usage_hourly after fill", `${fmt(history.usage)} rows, ${history.usage_size}`],
    ["fill rate", `${fmt(history.added / (history.fillMs / 1000))} rows/s (${fmt(history.fillMs / 1000, 1)} s)`],
    [`HTTP ingest again, ${fmt(history.events)} events stored`, `${fmt(ingestLater.rate)} uplinks/s (${fmt(ingestLater.rate / ingestRate, 2)} × the first run)`],
    ["  request latency p50 / p99", `${fmt(ingestLater.p50, 1)} / ${fmt(ingestLater.p99, 1)} ms`],
    ["  ingestion server / PostgreSQL CPU per uplink", `${fmt(ingestLater.serverUs)} µs / ${us(ingestLater.backendUs)}`],
    [`30-day usage query (${days} days, RLS) p50`, `${fmt(usageQueries.p50, 2)} ms`],
    [`  p99 / max over ${config.queryRuns} runs`, `${fmt(usageQueries.p99, 2)} / ${fmt(usageQueries.max, 2)} ms`],
    ["operator network overview p50", `${fmt(overviews.p50, 2)} ms`],
    [`  p99 / max over ${config.queryRuns} runs`, `${fmt(overviews.p99, 2)} / ${fmt(overviews.max, 2)} ms`],
    [`waste dashboard, ${fmt(maps.bins)} bins (RLS) p50`, `${fmt(maps.waste.p50, 2)} ms`],
    ["  its answers: bins on the map / on today's list", `${fmt(maps.waste.binsShown)} / ${fmt(maps.waste.stops)}`],
    [`  p99 / max over ${maps.waste.runs} runs`, `${fmt(maps.waste.p99, 2)} / ${fmt(maps.waste.max, 2)} ms`],
    [`  baseline: from ${fmt(maps.binEvents)} raw readings (median)`, `${fmt(maps.wasteBaseline.median, 1)} ms`],
    [`network map, ${fmt(maps.gateways)} gateways p50`, `${fmt(maps.map.p50, 2)} ms`],
    [`  p99 / max over ${maps.map.runs} runs`, `${fmt(maps.map.p99, 2)} / ${fmt(maps.map.max, 2)} ms`],
    ["  baseline: devices heard from raw events, 24 h (median)", `${fmt(maps.mapBaseline.median, 1)} ms`],
    [`income by gateway area, ${fmt(income.gateways)} gateways p50`, `${fmt(income.p50, 2)} ms`],
    [`  p99 / max over ${income.runs} runs`, `${fmt(income.p99, 2)} / ${fmt(income.max, 2)} ms`],
    [`  baseline: from the month's ${fmt(income.uplinks)} raw uplinks (median)`, `${fmt(income.baselineMedian, 1)} ms`],
    ["  same answer as the baseline", income.agrees ? "yes" : "NO"],
  ];
  printResults(rows, [
    { ok: ingestRate >= 6_000, aim: "ingest ≥ 6,000 uplinks/s", value: fmt(ingestRate) },
    { ok: ratio >= 0.6, aim: "ingest ≥ 0.6 × ceiling", value: fmt(ratio, 2) },
    { ok: ingestLater.rate >= 0.9 * ingestRate, aim: "ingest with 10M stored ≥ 0.9 × with none", value: fmt(ingestLater.rate / ingestRate, 2) },
    { ok: usageQueries.p99 < 50, aim: "usage query p99 < 50 ms", value: `${fmt(usageQueries.p99, 1)} ms` },
    { ok: overviews.p99 < 50, aim: "overview p99 < 50 ms", value: `${fmt(overviews.p99, 1)} ms` },
    { ok: maps.waste.p99 < 100, aim: "waste dashboard p99 < 100 ms", value: `${fmt(maps.waste.p99, 1)} ms` },
    { ok: maps.map.p99 < 100, aim: "network map p99 < 100 ms", value: `${fmt(maps.map.p99, 1)} ms` },
    { ok: income.p99 < 100 && income.agrees, aim: "income by gateway area p99 < 100 ms, as the raw events say", value: `${fmt(income.p99, 1)} ms` },
  ]);
  console.log(`\nUsage query plan (tenant 1):\n${planLines.map((l) => `  ${l}`).join("\n")}`);
}

await main();
