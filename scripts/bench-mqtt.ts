/**
 * `npm run bench:mqtt`: how fast MQTT workers (`npm run worker`) store ChirpStack events taken from
 * this machine's broker, with one worker and with two in one shared-subscription group, against HTTP
 * ingestion of the same events measured in the same run. A benchmark, not a test: it wipes its database.
 *
 *   1. HTTP: BENCH_N events POSTed to the ingestion server (as bench:ingest does), the baseline.
 *   2. MQTT, 1 worker and then 2: BENCH_N events each published at QoS 1 on ChirpStack's topics
 *      (application/<id>/device/<devEui>/event/up, its JSON marshaler's bodies) to MQTT_URL; timed from
 *      the first publish until the last event is committed. Workers run as in production
 *      (BENCH_MQTT_SESSIONS sessions × BENCH_MQTT_IN_FLIGHT messages in flight each). The publisher
 *      stays at most BENCH_MQTT_WINDOW events ahead of what is stored, so the broker never has to drop
 *      (Mosquitto keeps max_queued_messages, default 1000, per session).
 * Every run is checked: each event stored exactly once and metered once.
 *
 * Database as bench:ingest (BENCH_DATABASE_URL …, its name must contain "bench"). Broker: MQTT_URL
 * (mqtt://127.0.0.1:1883). Sizes: BENCH_N (100000), BENCH_TENANTS (20), BENCH_DEVICES (50),
 * BENCH_IN_FLIGHT (256, HTTP), BENCH_PROCESSES (one per CPU, HTTP), BENCH_MQTT_SESSIONS (8),
 * BENCH_MQTT_IN_FLIGHT (256), BENCH_MQTT_WINDOW (per worker; 500 per session, 4000 with 8), BENCH_MQTT_PUBLISHERS (4 connections).
 */
import { randomUUID } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { connectAsync } from "mqtt";
import postgres from "postgres";
import { backendCpuSeconds, generateLoad, namedProcessCpuSeconds, startHttpServer, startProcess, type BenchProcess } from "./lib/bench-processes";
import { benchDatabaseUrl, fmt, freshDatabase, intSetting as int, log, printResults } from "./lib/bench-setup";

const config = {
  n: int("BENCH_N", 100_000),
  tenants: int("BENCH_TENANTS", 20),
  devicesPerTenant: int("BENCH_DEVICES", 50),
  inFlight: int("BENCH_IN_FLIGHT", 256),
  processes: int("BENCH_PROCESSES", availableParallelism()),
  batches: 2,
  sessions: int("BENCH_MQTT_SESSIONS", 8),
  mqttInFlight: int("BENCH_MQTT_IN_FLIGHT", 256),
  // What one session may be sent ahead: well inside Mosquitto's 1,000 queued beyond those in flight,
  // however unevenly the shared subscription spreads messages over the sessions.
  window: int("BENCH_MQTT_WINDOW", 500 * int("BENCH_MQTT_SESSIONS", 8)),
  publishers: int("BENCH_MQTT_PUBLISHERS", 4),
  forwardingEvery: 4,
  codecs: false,
};
const mqttUrl = process.env.MQTT_URL || "mqtt://127.0.0.1:1883";
const url = benchDatabaseUrl("bench:mqtt");

const { openDatabase } = await import("../src/server/db/client");
const { seedBenchNetwork } = await import("./lib/bench-network");

const run = randomUUID().slice(0, 8);
const applicationId = randomUUID();

/** What one run stored: events under its prefix, and the uplinks metered for them. */
async function storedOnce(sql: postgres.Sql, prefix: string, metered: number) {
  const [row] = await sql<{ events: number; uplinks: number }[]>`
    select (select count(*)::int from device_events where dedup_key like ${`cs:up:${prefix}%`}) as events,
           (select coalesce(sum(uplinks), 0)::int from usage_hourly) - ${metered} as uplinks`;
  return row!;
}

/** device_events ids handed out so far: a cheap "how many stored" while a run is going (no duplicates are sent). */
async function eventsWritten(sql: postgres.Sql) {
  const [row] = await sql<{ n: string }[]>`select last_value::text as n from device_events_id_seq`;
  return Number(row!.n);
}

async function startWorkers(count: number, connectionId: string, group: string) {
  const workers: BenchProcess[] = [];
  for (let w = 1; w <= count; w++) {
    workers.push(
      await startProcess("npm", ["run", "--silent", "worker"], {
        ...process.env, DATABASE_URL: url, MQTT_URL: mqttUrl, MQTT_CONNECTION_ID: connectionId, MQTT_SHARED_GROUP: group,
        MQTT_CLIENT_ID: `${group}-w${w}`, MQTT_SESSIONS: String(config.sessions), MQTT_IN_FLIGHT: String(config.mqttInFlight),
      }, "subscribed to"),
    );
  }
  return workers;
}

/** Ends the runs' broker sessions (a clean start with no expiry), so nothing is left queued on a shared broker. */
async function purgeSessions(group: string, workers: number) {
  for (let w = 1; w <= workers; w++) {
    for (let s = 1; s <= config.sessions; s++) {
      const clientId = config.sessions === 1 ? `${group}-w${w}` : `${group}-w${w}-${s}`;
      const client = await connectAsync(mqttUrl, { protocolVersion: 5, clientId, clean: true, properties: { sessionExpiryInterval: 0 }, reconnectPeriod: 0 });
      await client.endAsync();
    }
  }
}

async function mqttRun(sql: postgres.Sql, workerCount: number, connectionId: string, devEuis: string[], metered: number) {
  const group = `bench-${run}-${workerCount}`;
  const prefix = `mqtt${workerCount}-${run}-`;
  const workers = await startWorkers(workerCount, connectionId, group);
  const window = config.window * workerCount;
  const base = await eventsWritten(sql);
  const backendBefore = await backendCpuSeconds(sql);
  const workersBefore = workers.reduce((sum, w) => sum + w.cpuSeconds(), 0);
  const brokerBefore = namedProcessCpuSeconds("mosquitto");
  const publisherBefore = process.cpuUsage();
  const publisher = new Worker(new URL("./lib/bench-mqtt-publisher.mjs", import.meta.url), {
    workerData: { mqttUrl, count: config.n, prefix, devEuis, applicationId, connections: config.publishers, clientId: `${group}-publisher` },
  });
  const published = new Promise<{ elapsedMs: number }>((resolve, reject) => {
    publisher.once("message", resolve);
    publisher.once("error", reject);
  });
  const started = performance.now();
  let stored = 0;
  let lastProgress = started;
  publisher.postMessage({ allowed: window });
  while (stored < config.n) {
    await new Promise((r) => setTimeout(r, 20));
    const now = (await eventsWritten(sql)) - base;
    if (now !== stored) lastProgress = performance.now();
    stored = now;
    publisher.postMessage({ allowed: stored + window });
    if (performance.now() - lastProgress > 60_000) {
      throw new Error(`no progress for a minute at ${stored} of ${config.n} events: did the broker drop messages ("Outgoing messages are being dropped" in its log)? A smaller BENCH_MQTT_WINDOW keeps each session's queue shorter`);
    }
  }
  const elapsedMs = performance.now() - started;
  await published;
  await publisher.terminate();
  const workerUs = ((workers.reduce((sum, w) => sum + w.cpuSeconds(), 0) - workersBefore) * 1e6) / config.n;
  const brokerAfter = namedProcessCpuSeconds("mosquitto");
  const brokerUs = brokerBefore !== null && brokerAfter !== null ? ((brokerAfter - brokerBefore) * 1e6) / config.n : null;
  // This process: the publisher thread, and the polling of the store's progress.
  const publisherCpu = process.cpuUsage(publisherBefore);
  const publisherUs = (publisherCpu.user + publisherCpu.system) / config.n;
  const backendAfter = await backendCpuSeconds(sql);
  await Promise.all(workers.map((w) => w.close()));
  await purgeSessions(group, workerCount);
  const check = await storedOnce(sql, prefix, metered);
  return {
    rate: (config.n / elapsedMs) * 1000,
    elapsedMs,
    workerUs,
    brokerUs,
    publisherUs,
    backendUs: backendBefore !== null && backendAfter !== null ? ((backendAfter - backendBefore) * 1e6) / config.n : null,
    check,
  };
}

async function main() {
  log(`bench:mqtt: ${fmt(config.n)} events per run, ${config.tenants} tenants × ${config.devicesPerTenant} devices, broker ${mqttUrl}, ${config.sessions} sessions × ${config.mqttInFlight} in flight per worker`);
  const version = await freshDatabase(url);
  const handle = await openDatabase({ url, poolMax: 2 });
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const network = await seedBenchNetwork(handle.db, config);
  log(`database ready (PostgreSQL ${version}); seeded ${network.devEuis.length} devices`);

  const server = await startHttpServer("ingest", { url, ...config });
  const load = (count: number, prefix: string) => generateLoad({ port: server.port, secret: network.secret, count, inFlight: config.inFlight, devEuis: network.devEuis, prefix });
  await load(Math.min(5_000, config.n / 10), "warmup-");
  let metered = (await storedOnce(sql, "warmup-", 0)).uplinks;
  const httpPrefix = `http-${run}-`;
  const http = await load(config.n, httpPrefix);
  await server.close();
  const httpRate = (config.n / http.elapsedMs) * 1000;
  const httpCheck = await storedOnce(sql, httpPrefix, metered);
  metered += httpCheck.uplinks;
  log(`HTTP ingestion: ${fmt(httpRate)} events/s`);

  const results = [];
  for (const workers of [1, 2]) {
    const result = await mqttRun(sql, workers, network.connectionId, network.devEuis, metered);
    metered += result.check.uplinks;
    log(`MQTT, ${workers} worker${workers === 1 ? "" : "s"}: ${fmt(result.rate)} events/s (stored ${fmt(result.check.events)}, metered ${fmt(result.check.uplinks)})`);
    results.push({ workers, ...result });
  }
  await sql.end();
  await handle.close();

  const us = (value: number | null) => (value === null ? "n/a" : `${fmt(value)} µs`);
  const rows: Array<[string, string]> = [
    ["PostgreSQL / CPUs", `${version} / ${availableParallelism()}`],
    ["machine load (1 min) at the end", fmt(loadavg()[0]!, 1)],
    [`HTTP ingestion (${config.processes} processes), baseline`, `${fmt(httpRate)} events/s`],
    ["  stored / metered once", `${fmt(httpCheck.events)} / ${fmt(httpCheck.uplinks)}`],
  ];
  for (const r of results) {
    rows.push(
      [`MQTT, ${r.workers} worker${r.workers === 1 ? "" : "s"} (${config.sessions} sessions × ${config.mqttInFlight} each)`, `${fmt(r.rate)} events/s`],
      ["  vs HTTP ingestion", `${fmt(r.rate / httpRate, 2)} ×`],
      ["  CPU per event: workers / PostgreSQL", `${us(r.workerUs)} / ${us(r.backendUs)}`],
      ["  CPU per event: broker (shared) / publisher", `${us(r.brokerUs)} / ${us(r.publisherUs)}`],
      ["  stored / metered once", `${fmt(r.check.events)} / ${fmt(r.check.uplinks)}`],
    );
  }
  const two = results.find((r) => r.workers === 2)!;
  printResults(rows, [
    { ok: two.rate >= 10_000, aim: "2 workers ≥ 10,000 events/s", value: fmt(two.rate) },
    { ok: results.every((r) => r.check.events === config.n && r.check.uplinks === config.n), aim: "every event stored and metered once", value: results.map((r) => `${r.check.events}/${r.check.uplinks}`).join(", ") },
  ]);
}

await main();
