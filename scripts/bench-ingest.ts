/**
 * `npm run bench:ingest`: how fast ingestion stores uplinks end to end, against what PostgreSQL can take
 * with plain batched INSERTs, and how fast the tenant usage query stays with a large event history.
 * A benchmark, not a test: it wipes and refills its database, and takes a few minutes at full size.
 *
 *   1. Ingest: BENCH_N ChirpStack `up` events are POSTed, one per request (BENCH_IN_FLIGHT at a time,
 *      keep-alive), to the dedicated ingestion server, started with `npm run ingest-server` as in
 *      production (BENCH_PROCESSES processes, BENCH_BATCHES batches each at a time): auth, rate limit,
 *      validation, dedup, storage, hourly metering, device and gateway state.
 *   2. Baseline: the same rows INSERTed into a copy of device_events, 500 per statement, BENCH_BATCHES
 *      statements at a time.
 *   3. History: device_events is filled to BENCH_ROWS uplinks over 35 days (INSERT … SELECT
 *      generate_series, with the matching usage_hourly rows), analysed, then the tenant's 30-day daily
 *      usage query (tenantDailyUsage inside withTenant, so RLS applies) is timed BENCH_QUERY_RUNS times.
 *   4. Maps (scripts/lib/bench-maps.ts): with that history in place, a waste tenant with BENCH_BINS bins
 *      and BENCH_GATEWAYS gateways with their rollups; the waste dashboard (RLS) and the operator's
 *      network map are timed BENCH_QUERY_RUNS times, beside the same answers computed from raw events.
 *
 * Database: BENCH_DATABASE_URL, else DATABASE_URL, else postgres://longreach:longreach@127.0.0.1:5432/longreach_bench
 * (created if missing). Everything in it is dropped first, so its name must contain "bench" (or set
 * BENCH_WIPE=true). Sizes: BENCH_N (100000), BENCH_TENANTS (20), BENCH_DEVICES per tenant (50),
 * BENCH_ROWS (10000000), BENCH_IN_FLIGHT (256), BENCH_BATCHES (2), BENCH_QUERY_RUNS (200),
 * BENCH_PROCESSES ingestion server processes (one per CPU), BENCH_CODECS=true to give every device a
 * payload codec (decoding in the sandbox is then measured too).
 * Quick run: BENCH_N=20000 BENCH_ROWS=1000000 npm run bench:ingest
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import postgres from "postgres";

const env = process.env;
const int = (name: string, fallback: number) => {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got '${env[name]}'`);
  return value;
};
const config = {
  n: int("BENCH_N", 100_000),
  tenants: int("BENCH_TENANTS", 20),
  devicesPerTenant: int("BENCH_DEVICES", 50),
  rows: int("BENCH_ROWS", 10_000_000),
  inFlight: int("BENCH_IN_FLIGHT", 256),
  batches: int("BENCH_BATCHES", 2),
  processes: int("BENCH_PROCESSES", availableParallelism()),
  queryRuns: int("BENCH_QUERY_RUNS", 200),
  bins: int("BENCH_BINS", 5_000),
  gateways: int("BENCH_GATEWAYS", 1_000),
  codecs: env.BENCH_CODECS === "true",
};
const DEFAULT_URL = "postgres://longreach:longreach@127.0.0.1:5432/longreach_bench";
const url = env.BENCH_DATABASE_URL || env.DATABASE_URL || DEFAULT_URL;
const databaseName = decodeURIComponent(new URL(url).pathname.slice(1));
if (!/bench/i.test(databaseName) && env.BENCH_WIPE !== "true") {
  console.error(
    `bench:ingest drops everything in its database, and '${databaseName}' does not look like a benchmark database.\n` +
      "Set BENCH_DATABASE_URL to a database whose name contains 'bench' (or BENCH_WIPE=true if you mean it).",
  );
  process.exit(1);
}
// The app's modules validate their configuration on import; give them this database and throwaway secrets.
env.DATABASE_URL = url;
env.AUTH_SECRET ||= "bench-only-auth-secret-not-used-for-anything-real";
env.DEVICE_KEY_ENCRYPTION_KEY ||= "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

const { openDatabase } = await import("../src/server/db/client");
const { migrateDatabase } = await import("../src/server/db/migrate");
const { withPlatform, withTenant } = await import("../src/server/db/scopes");
const schema = await import("../src/server/db/schema");
const { dailyUsageQuery, tenantDailyUsage } = await import("../src/server/billing/tenant-usage");
const { hashLinkToken } = await import("../src/domain/identity/tokens");
const { EXAMPLE_CODECS, sharedCodecRunner } = await import("../src/domain/codecs");

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const fmt = (n: number, digits = 0) => n.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

// ---------------------------------------------------------------------------------------------------
// 0. A fresh, migrated database.

async function freshDatabase() {
  let admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin`select 1`;
  } catch (error) {
    await admin.end();
    if ((error as { code?: string }).code !== "3D000") throw error;
    await createDatabase();
    admin = postgres(url, { max: 1, onnotice: () => {} });
  }
  await admin.unsafe("drop schema if exists drizzle cascade; drop schema if exists public cascade; create schema public;");
  const [{ version }] = (await admin<{ version: string }[]>`select current_setting('server_version') as version`) as unknown as [{ version: string }];
  await admin.end();
  const handle = await openDatabase({ url, poolMax: 2 });
  await migrateDatabase(handle);
  await handle.close();
  return version;
}

/** The role in the URL may not have CREATEDB; on a local trust-auth server, the postgres superuser can. */
async function createDatabase() {
  const owner = decodeURIComponent(new URL(url).username);
  const attempts = [new URL(url), new URL(url)];
  attempts.forEach((u) => (u.pathname = "/postgres"));
  attempts[1]!.username = "postgres";
  attempts[1]!.password = "";
  for (const target of attempts) {
    const sql = postgres(target.toString(), { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe(`create database "${databaseName}" owner "${owner}"`);
      log(`created database ${databaseName} (as ${target.username})`);
      return;
    } catch {
      // try the next way
    } finally {
      await sql.end();
    }
  }
  throw new Error(`Database '${databaseName}' does not exist and could not be created. Create it once with:\n  psql -h ${new URL(url).hostname} -U postgres -c 'CREATE DATABASE "${databaseName}" OWNER "${owner}"'`);
}

// ---------------------------------------------------------------------------------------------------
// 1. Tenants, devices and one network connection.

const SECRET = `bench-${randomUUID()}`;

async function seed(db: import("../src/server/db").Database) {
  return withPlatform(db, async (tx) => {
    await tx.insert(schema.networkConnections).values({ name: "bench ChirpStack", kind: "chirpstack", secretHash: hashLinkToken(SECRET), ratePerSecond: 1_000_000 });
    const tenantIds: string[] = [];
    const devEuis: string[] = [];
    for (let t = 0; t < config.tenants; t++) {
      const slug = `bench-${String(t + 1).padStart(3, "0")}`;
      const [tenant] = await tx.insert(schema.tenants).values({ slug, name: `Bench tenant ${t + 1}`, contactEmail: `${slug}@example.org`, billingEmail: `${slug}@example.org`, status: "active" }).returning({ id: schema.tenants.id });
      tenantIds.push(tenant!.id);
      let profileId: string | null = null;
      if (config.codecs) {
        const [profile] = await tx.insert(schema.deviceProfiles).values({ tenantId: tenant!.id, name: "bin sensor", region: "EU868", macVersion: "1.0.3", codecSource: EXAMPLE_CODECS.binFillLevel.source }).returning({ id: schema.deviceProfiles.id });
        profileId = profile!.id;
      }
      const rows = Array.from({ length: config.devicesPerTenant }, (_, d) => {
        const devEui = `be${t.toString(16).padStart(6, "0")}${d.toString(16).padStart(8, "0")}`;
        devEuis.push(devEui);
        return { tenantId: tenant!.id, devEui, name: `sensor ${d + 1}`, activation: "otaa" as const, profileId };
      });
      await tx.insert(schema.devices).values(rows);
    }
    return { tenantIds, devEuis };
  });
}

// ---------------------------------------------------------------------------------------------------
// 2. The HTTP server: `npm run ingest-server`, started as in production (its own processes, one per CPU
//    unless BENCH_PROCESSES says otherwise), in its own process group so its CPU time can be read.

async function startServer() {
  const port = await freePort();
  const child = spawn("npm", ["run", "--silent", "ingest-server"], {
    detached: true,
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...env, DATABASE_URL: url, INGEST_HOST: "127.0.0.1", INGEST_PORT: String(port), INGEST_PROCESSES: String(config.processes), INGEST_BATCHES: String(config.batches) },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("listening on")) resolve();
    });
    void exited.then(() => reject(new Error(`ingest-server stopped before listening:\n${output}`)));
  });
  return {
    port,
    cpuSeconds: () => processGroupCpuSeconds(child.pid!),
    async close() {
      process.kill(-child.pid!, "SIGTERM");
      await exited;
    },
  };
}

function freePort() {
  return new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A process's /proc/<pid>/stat fields after its name: [2] is its process group, [11] and [12] its user and system CPU ticks. */
const procStat = (pid: number | string) => readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
const cpuTicks = (fields: string[]) => Number(fields[11]) + Number(fields[12]);

/** CPU seconds (all threads, garbage collection included) used so far by a process group, from /proc. */
function processGroupCpuSeconds(groupId: number) {
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const fields = procStat(pid);
      if (Number(fields[2]) === groupId) ticks += cpuTicks(fields);
    } catch {
      // the process ended while we looked
    }
  }
  return ticks / 100;
}

// ---------------------------------------------------------------------------------------------------
// 3. The load generator: a worker thread (its own event loop, so it does not slow the server's); see
//    scripts/lib/bench-load-generator.mjs.


interface LoadResult { elapsedMs: number; statuses: Record<string, number>; firstError: string | null; p50: number; p99: number }

function generateLoad(port: number, count: number, devEuis: string[], prefix: string): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./lib/bench-load-generator.mjs", import.meta.url), { workerData: { port, secret: SECRET, count, inFlight: config.inFlight, devEuis, prefix } });
    worker.once("message", (result: LoadResult) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once("error", reject);
  });
}

// ---------------------------------------------------------------------------------------------------
// 4. Baseline: the same rows, plain batched INSERTs into a copy of device_events.

const EVENT_COLUMNS = ["tenant_id", "device_id", "dedup_key", "kind", "occurred_at", "received_at", "f_cnt", "f_port", "payload", "payload_bytes", "phy_bytes", "airtime_ms", "spreading_factor", "bandwidth_hz", "frequency_hz", "gateway_count", "rssi", "snr", "credits", "decoded", "decode_error", "details"] as const;

async function baseline(sql: postgres.Sql, prefix: string) {
  // The owner role reads and writes every tenant's rows (it is a member of app_operator).
  const rows = await sql`
    select ${sql(EVENT_COLUMNS.filter((c) => c !== "decoded" && c !== "details"))}, decoded::text as decoded, details::text as details
    from device_events where dedup_key like ${`cs:up:${prefix}%`} order by id`;
  await sql`create table bench_baseline_events (like device_events including defaults including constraints including indexes)`;
  const chunks: (typeof rows)[number][][] = [];
  for (let i = 0; i < rows.length; i += 500) chunks.push(rows.slice(i, i + 500));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: config.batches }, async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++]!;
        await sql`insert into bench_baseline_events ${sql(chunk, EVENT_COLUMNS as unknown as string[])}`;
      }
    }),
  );
  return { rows: rows.length, elapsedMs: performance.now() - started };
}

// ---------------------------------------------------------------------------------------------------
// 5. History: device_events up to BENCH_ROWS uplinks over 35 days, usage_hourly to match.

const FILL_CHUNK = 500_000;

async function fillHistory(sql: postgres.Sql) {
  const [{ existing }] = (await sql<{ existing: number }[]>`select count(*)::int as existing from device_events`) as unknown as [{ existing: number }];
  const toAdd = Math.max(0, config.rows - existing);
  await sql`create table bench_devices as select (row_number() over (order by tenant_id, id) - 1)::int as n, tenant_id, id as device_id from devices`;
  await sql`alter table bench_devices add primary key (n)`;
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
              insert into device_events (tenant_id, device_id, dedup_key, kind, occurred_at, received_at, f_cnt, f_port, payload, payload_bytes, phy_bytes,
                airtime_ms, spreading_factor, bandwidth_hz, frequency_hz, gateway_count, rssi, snr, credits, decoded, details)
              select d.tenant_id, d.device_id, 'cs:up:fill-' || lpad(g::text, 10, '0'), 'uplink', t.at, t.at, g / ${deviceCount}, 2, decode('2a0e1c007b', 'hex'), 5, 18,
                41.2 + (g % 4) * 20, 7 + (g % 4), 125000, 868100000 + (g % 3) * 200000, 1 + (g % 3), -80 - (g % 30), 7.5 - (g % 3) * 3, 1,
                '{"fillPercent": 42, "batteryMillivolts": 3612, "temperatureC": 12.3}'::jsonb,
                '{"gateways": [{"eui": "0016c001f1500a01", "rssi": -87, "snr": 5.5}]}'::jsonb
              from generate_series(${from}::bigint, ${to}::bigint) g
              join bench_devices d on d.n = g % ${deviceCount}
              cross join lateral (select now() - interval '35 days' + (g::float8 / ${toAdd}) * interval '35 days' - interval '1 minute' as at) t
              returning tenant_id, device_id, occurred_at, payload_bytes, phy_bytes, credits, airtime_ms, gateway_count
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
  const analyzeStarted = performance.now();
  await sql`analyze device_events`;
  await sql`analyze usage_hourly`;
  const analyzeMs = performance.now() - analyzeStarted;
  const [sizes] = await sql<{ events: number; usage: number; events_size: string; usage_size: string }[]>`
    select (select count(*)::int from device_events) as events, (select count(*)::int from usage_hourly) as usage,
      pg_size_pretty(pg_total_relation_size('device_events')) as events_size, pg_size_pretty(pg_total_relation_size('usage_hourly')) as usage_size`;
  return { added: toAdd, fillMs, analyzeMs, ...sizes! };
}

// ---------------------------------------------------------------------------------------------------
// Where the time goes: the server's event loop (busy share) and the database backends' CPU.

/** CPU seconds used so far by this database's backends, read from /proc (a local server only; else null). */
async function backendCpuSeconds(sql: postgres.Sql): Promise<number | null> {
  try {
    const pids = await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database()`;
    let ticks = 0;
    for (const { pid } of pids) {
      ticks += cpuTicks(procStat(pid));
    }
    return ticks / 100;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------

async function main() {
  log(`bench:ingest on ${url.replace(/:[^:@/]*@/, ":…@")}: ${fmt(config.n)} uplinks from ${config.tenants} tenants × ${config.devicesPerTenant} devices, ${config.inFlight} in flight, ${config.batches} batches at a time${config.codecs ? ", with codecs" : ""}`);
  const version = await freshDatabase();
  log(`database reset and migrated (PostgreSQL ${version})`);

  // Ingestion's own pool: one connection per batch being written, one for connection lookups.
  const handle = await openDatabase({ url, poolMax: config.batches + 1 });
  const db = handle.db;
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const { tenantIds, devEuis } = await seed(db);
  log(`seeded ${tenantIds.length} tenants, ${devEuis.length} devices`);

  const server = await startServer();
  const commits = async () => Number((await sql<{ n: string }[]>`select xact_commit::text as n from pg_stat_database where datname = current_database()`)[0]!.n);

  const warmup = Math.min(5_000, Math.ceil(config.n / 10));
  await generateLoad(server.port, warmup, devEuis, "warmup-");
  log(`warmed up with ${fmt(warmup)} uplinks`);

  const commitsBefore = await commits();
  const backendBefore = await backendCpuSeconds(sql);
  const loadBefore = loadavg()[0]!;
  const serverBefore = server.cpuSeconds();
  const prefix = `run-${Date.now()}-`;
  const ingest = await generateLoad(server.port, config.n, devEuis, prefix);
  const serverUs = ((server.cpuSeconds() - serverBefore) * 1e6) / config.n;
  const backendAfter = await backendCpuSeconds(sql);
  const backendUs = backendBefore !== null && backendAfter !== null ? ((backendAfter - backendBefore) * 1e6) / config.n : null;
  const ingestCommits = (await commits()) - commitsBefore;
  const ingestRate = (config.n / ingest.elapsedMs) * 1000;
  const created = ingest.statuses["201"] ?? 0;
  log(`ingest: ${fmt(config.n)} uplinks in ${fmt(ingest.elapsedMs / 1000, 2)} s → ${fmt(ingestRate)} uplinks/s (statuses ${JSON.stringify(ingest.statuses)})`);
  if (created !== config.n) log(`  WARNING: ${fmt(config.n - created)} uplinks were not stored; first answer: ${ingest.firstError}`);
  await server.close();

  // Every uplink of the run stored once, and metered once.
  const [check] = await sql<{ events: number; uplinks: number }[]>`
    select (select count(*)::int from device_events where dedup_key like ${`cs:up:${prefix}%`}) as events,
           (select coalesce(sum(uplinks), 0)::int from usage_hourly) as uplinks`;

  const baseBackendBefore = await backendCpuSeconds(sql);
  const base = await baseline(sql, prefix);
  const baseBackendAfter = await backendCpuSeconds(sql);
  const baseBackendUs = baseBackendBefore !== null && baseBackendAfter !== null ? ((baseBackendAfter - baseBackendBefore) * 1e6) / base.rows : null;
  const baseRate = (base.rows / base.elapsedMs) * 1000;
  log(`baseline: ${fmt(base.rows)} rows in ${fmt(base.elapsedMs / 1000, 2)} s → ${fmt(baseRate)} rows/s`);
  await sql`drop table bench_baseline_events`;

  log(`filling device_events to ${fmt(config.rows)} uplinks over 35 days…`);
  const history = await fillHistory(sql);
  log(`history: ${fmt(history.events)} events (${history.events_size}), ${fmt(history.usage)} usage_hourly rows (${history.usage_size}); fill ${fmt(history.fillMs / 1000, 1)} s, analyze ${fmt(history.analyzeMs / 1000, 1)} s`);

  const to = new Date();
  const from = new Date(to.getTime() - 30 * 86_400_000);
  const times: number[] = [];
  let days = 0;
  for (let i = 0; i < 10; i++) await withTenant(db, { tenantId: tenantIds[i % tenantIds.length]! }, (tx) => tenantDailyUsage(tx, tenantIds[i % tenantIds.length]!, from, to));
  for (let i = 0; i < config.queryRuns; i++) {
    const tenantId = tenantIds[i % tenantIds.length]!;
    const started = performance.now();
    const rows = await withTenant(db, { tenantId }, (tx) => tenantDailyUsage(tx, tenantId, from, to));
    times.push(performance.now() - started);
    days = rows.length;
  }
  times.sort((a, b) => a - b);
  const usageQuery = dailyUsageQuery(db, tenantIds[0]!, from, to).toSQL();
  const plan = await sql.begin(async (tx) => {
    await tx`set local role app_user`;
    await tx`select set_config('app.tenant_id', ${tenantIds[0]!}, true)`;
    return tx.unsafe(`explain (analyze, buffers) ${usageQuery.sql}`, usageQuery.params as string[]);
  });
  const planLines = plan.map((r) => String(r["QUERY PLAN"]));

  const { benchMaps } = await import("./lib/bench-maps");
  const maps = await benchMaps(sql, db, { bins: config.bins, gateways: config.gateways, runs: config.queryRuns, log });

  await sql.end();
  await handle.close();
  await sharedCodecRunner().close();

  const ratio = ingestRate / baseRate;
  const rows: Array<[string, string]> = [
    ["PostgreSQL / CPUs", `${version} / ${availableParallelism()}`],
    ["tenants × devices", `${config.tenants} × ${config.devicesPerTenant}`],
    ["HTTP ingest (ingestion server, metered)", `${fmt(ingestRate)} uplinks/s`],
    ["  uplinks, time", `${fmt(config.n)} in ${fmt(ingest.elapsedMs / 1000, 2)} s`],
    ["  request latency p50 / p99", `${fmt(ingest.p50, 1)} / ${fmt(ingest.p99, 1)} ms`],
    ["  uplinks per commit (avg)", fmt(config.n / Math.max(1, ingestCommits), 1)],
    ["  ingestion server CPU per uplink", `${fmt(serverUs)} µs (${config.processes} processes)`],
    ["  PostgreSQL backend CPU per uplink", backendUs === null ? "n/a (not a local server)" : `${fmt(backendUs)} µs`],
    ["  machine load (1 min) before / after", `${fmt(loadBefore, 1)} / ${fmt(loadavg()[0]!, 1)}`],
    ["  stored / metered once", `${fmt(check?.events ?? 0)} / ${fmt(check?.uplinks ?? 0)} (incl. ${fmt(warmup)} warm-up)`],
    ["baseline (INSERT 500 rows, same rows)", `${fmt(baseRate)} rows/s`],
    ["  PostgreSQL backend CPU per row", baseBackendUs === null ? "n/a (not a local server)" : `${fmt(baseBackendUs)} µs`],
    ["ratio ingest / baseline", fmt(ratio, 2)],
    ["device_events after fill", `${fmt(history.events)} rows, ${history.events_size}`],
    ["usage_hourly after fill", `${fmt(history.usage)} rows, ${history.usage_size}`],
    ["fill rate", `${fmt(history.added / (history.fillMs / 1000))} rows/s (${fmt(history.fillMs / 1000, 1)} s)`],
    [`30-day usage query (${days} days, RLS) p50`, `${fmt(percentile(times, 50), 2)} ms`],
    [`  p99 / max over ${config.queryRuns} runs`, `${fmt(percentile(times, 99), 2)} / ${fmt(times.at(-1)!, 2)} ms`],
    [`waste dashboard, ${fmt(maps.bins)} bins (RLS) p50`, `${fmt(maps.waste.p50, 2)} ms`],
    ["  its answers: bins on the map / on today's list", `${fmt(maps.waste.binsShown)} / ${fmt(maps.waste.stops)}`],
    [`  p99 / max over ${maps.waste.runs} runs`, `${fmt(maps.waste.p99, 2)} / ${fmt(maps.waste.max, 2)} ms`],
    [`  baseline: from ${fmt(maps.binEvents)} raw readings (median)`, `${fmt(maps.wasteBaseline.median, 1)} ms`],
    [`network map, ${fmt(maps.gateways)} gateways p50`, `${fmt(maps.map.p50, 2)} ms`],
    [`  p99 / max over ${maps.map.runs} runs`, `${fmt(maps.map.p99, 2)} / ${fmt(maps.map.max, 2)} ms`],
    ["  baseline: devices heard from raw events, 24 h (median)", `${fmt(maps.mapBaseline.median, 1)} ms`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const valueWidth = Math.max(...rows.map(([, v]) => v.length));
  console.log(`\n┌${"─".repeat(width + 2)}┬${"─".repeat(valueWidth + 2)}┐`);
  for (const [k, v] of rows) console.log(`│ ${k.padEnd(width)} │ ${v.padStart(valueWidth)} │`);
  console.log(`└${"─".repeat(width + 2)}┴${"─".repeat(valueWidth + 2)}┘`);
  console.log(`\nUsage query plan (tenant 1):\n${planLines.map((l) => `  ${l}`).join("\n")}\n`);
  const verdicts = [
    ingestRate >= 5_000 ? `ingest ≥ 5,000 uplinks/s: yes` : `ingest ≥ 5,000 uplinks/s: NO (${fmt(ingestRate)})`,
    ratio >= 0.5 ? `ratio ≥ 0.5: yes` : `ratio ≥ 0.5: NO (${fmt(ratio, 2)})`,
    maps.waste.p99 < 100 ? `waste dashboard p99 < 100 ms: yes` : `waste dashboard p99 < 100 ms: NO (${fmt(maps.waste.p99, 1)})`,
    maps.map.p99 < 100 ? `network map p99 < 100 ms: yes` : `network map p99 < 100 ms: NO (${fmt(maps.map.p99, 1)})`,
  ];
  console.log(verdicts.join("; "));
}

await main();
