/**
 * The fault suite: the real processes (`npm run ingest-server`, `worker`, `forwarder`, `billing:jobs`)
 * against a throwaway PostgreSQL server of its own, crashed (kill -9) and deprived of their database
 * (PostgreSQL stopped and started) while they work; afterwards, exact counts: every event stored once,
 * hourly usage equal to a recount of the events, every delivery delivered (repeats only where the
 * documented at-least-once allows), Stripe's meter equal to our rollups. Each case is bounded in time
 * and leaves nothing running; the suite prints what it survived.
 *
 * Needs PostgreSQL's server binaries (it never restarts the shared server) and a DATABASE_URL (the
 * processes need PostgreSQL, not the embedded database); skipped with a message otherwise, except in
 * CI, where it must run. The MQTT case needs the broker at MQTT_URL.
 */
import { randomUUID } from "node:crypto";
import { connectAsync, type MqttClient } from "mqtt";
import type Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { chirpstackBody } from "../../scripts/lib/bench-chirpstack-body.mjs";
import { freePort, startProcess, type BenchProcess } from "../../scripts/lib/bench-processes";
import { eq } from "drizzle-orm";
import { appRouter } from "@/server/api/root";
import { withPlatform } from "@/server/db";
import { jobLeases } from "@/server/db/schema";
import { openDatabase, type DatabaseHandle } from "@/server/db/client";
import { migrateDatabase } from "@/server/db/migrate";
import { createIngestion } from "@/server/ingestion/ingestion-service";
import { ingestHttpEvent } from "@/server/ingestion/web-request-ingest";
import { CLAIM_LIMIT } from "@/server/forwarding/run-forwarding";
import { listDevicesOperation } from "@/server/rest/device-endpoints";
import { startFakeStripe, type FakeStripe } from "@/testing/fake-stripe";
import { callApi } from "../api-calls";
import { createApiKeyRow } from "../api-key-rows";
import { captureMail } from "../factories";
import { ingest, uplink } from "../network-traffic";
import { startWebhookReceiver } from "../webhook-receiver";
import { deliveryStatuses, faultNetwork, fleet, meterAgainstRollups, sleep, storedUnder, stripeBilledFleet, until, usageRecountDifferences, type FaultNetwork } from "./fault-fixtures";
import { postgresBinaries, startPrivatePostgres, type PrivatePostgres } from "./private-postgres";
import { sendUntilAcknowledged } from "./retrying-sender";

const bin = postgresBinaries();
const inCi = process.env.CI === "true";
const runnable = Boolean(bin && process.env.DATABASE_URL);
if (!runnable && !inCi) {
  console.warn(
    `Skipping the fault suite: it needs ${!process.env.DATABASE_URL ? "DATABASE_URL (real PostgreSQL, as CI runs it)" : ""}${!bin && !process.env.DATABASE_URL ? " and " : ""}${!bin ? "PostgreSQL's server binaries (set PG_BIN)" : ""}. It starts its own throwaway server and never restarts the shared one.`,
  );
}

const MQTT_URL = process.env.MQTT_URL || "mqtt://127.0.0.1:1883";
const run = randomUUID().slice(0, 8);
const survived: string[] = [];
const fmt = (n: number) => n.toLocaleString("en-GB");

describe.runIf(runnable || inCi)("fault suite (own PostgreSQL server, real processes)", () => {
  let pg: PrivatePostgres;
  let handle: DatabaseHandle;
  let network: FaultNetwork;
  // One Stripe account for the suite's database (its catalog ids are kept there), answering a little late
  // as the real API does, so a process can be stopped half-way through a run.
  let fake: FakeStripe;
  let stripe: Stripe;
  const started: BenchProcess[] = [];

  /** `npm run <script>` against the suite's database, in its own process group; resolves once it printed `ready`. */
  async function app(script: string, env: Record<string, string>, ready: string | null, args: string[] = []) {
    const proc = await startProcess("npm", ["run", "--silent", script, ...(args.length ? ["--", ...args] : [])], { ...process.env, DATABASE_URL: pg.url, ...env }, ready, { quiet: true });
    started.push(proc);
    return proc;
  }
  const ingestServer = (port: number) => app("ingest-server", { INGEST_PORT: String(port), INGEST_HOST: "127.0.0.1", INGEST_PROCESSES: "2" }, "listening on");

  beforeAll(async () => {
    if (!runnable) throw new Error("CI must run the fault suite: set DATABASE_URL and install PostgreSQL 15's server (postgresql-15), or set PG_BIN.");
    pg = await startPrivatePostgres(bin!);
    handle = await openDatabase({ url: pg.url, poolMax: 4 });
    await migrateDatabase(handle);
    network = await faultNetwork(handle.db);
    fake = await startFakeStripe({ latencyMs: 15 });
    stripe = fake.client();
  }, 120_000);

  // Whatever a case left running (it failed half-way) is ended before the next one starts.
  afterEach(async () => {
    await Promise.all(started.splice(0).filter((p) => p.alive()).map((p) => p.kill("SIGKILL")));
  }, 30_000);

  afterAll(async () => {
    await fake?.close();
    await handle?.close();
    pg?.destroy();
    if (survived.length) console.log(`\nThe fault suite survived:\n${survived.map((line) => `  ✓ ${line}`).join("\n")}\n`);
  }, 60_000);

  it("kill -9 of the ingestion server with 20,000 events on their way: each stored once, hourly usage equal to a recount", async () => {
    const group = await fleet(handle.db, 50);
    const port = await freePort();
    let server = await ingestServer(port);
    const prefix = `kill-ingest-${run}-`;
    let crash: Promise<void> | null = null;
    let acknowledgedAtCrash = 0;
    const report = await sendUntilAcknowledged({
      port: () => port, secret: network.secret, devEuis: group.devEuis, prefix, count: 20_000, concurrency: 256,
      progress: (acknowledged) => {
        if (crash || acknowledged < 5_000) return;
        acknowledgedAtCrash = acknowledged;
        // The whole server (its primary and both processes) dies at once, mid-batch, as in a lost machine;
        // then a supervisor starts it again. Meanwhile the senders keep retrying what was not acknowledged.
        crash = server.kill("SIGKILL").then(async () => {
          server = await ingestServer(port);
        });
      },
    });
    await crash;
    expect(await storedUnder(handle.db, prefix)).toEqual({ rows: 20_000, events: 20_000 });
    expect(await usageRecountDifferences(handle.db, group.deviceIds)).toEqual([]);
    expect(report.retried).toBeGreaterThan(0);
    await server.close();
    survived.push(
      `kill -9 of the ingestion server after ${fmt(acknowledgedAtCrash)} of 20,000 events were acknowledged (256 in flight): ${fmt(report.retried)} attempts retried, ` +
        `${fmt(report.duplicates)} answered "already stored"; 20,000 stored once, hourly usage = recount`,
    );
  }, 150_000);

  it("kill -9 of an MQTT worker mid-stream, restarted: the broker redelivers what was not acknowledged, each event stored once", async () => {
    let publisher: MqttClient;
    try {
      publisher = await connectAsync(MQTT_URL, { protocolVersion: 5, clientId: `faults-publisher-${run}`, reconnectPeriod: 0, connectTimeout: 3_000 });
    } catch (error) {
      if (inCi) throw error;
      console.warn(`Skipping the MQTT worker case: no broker at MQTT_URL=${MQTT_URL}.`);
      return;
    }
    const group = await fleet(handle.db, 40);
    const prefix = `kill-mqtt-${run}-`;
    const workerEnv = { MQTT_URL, MQTT_CONNECTION_ID: network.connectionId, MQTT_SHARED_GROUP: `faults-${run}`, MQTT_CLIENT_ID: `faults-${run}`, MQTT_SESSIONS: "2", MQTT_IN_FLIGHT: "200" };
    const total = 6_000;
    let worker = await app("worker", workerEnv, "subscribed to");
    try {
      let storedAtCrash = 0;
      let published = 0;
      const stored = async () => (await storedUnder(handle.db, prefix)).rows;
      // Never more than 500 events ahead of what is stored: the broker keeps only so much for a session
      // (Mosquitto: max_queued_messages, 1000 by default), even for one whose worker is down, and a killed
      // worker's unacknowledged messages go back into its sessions' queues. The whole backlog may sit in
      // one of the two sessions (its lane was behind when the worker died), so it must fit in one queue:
      // 800 ahead did not, once, and Mosquitto dropped what overflowed.
      const publishing = (async () => {
        while (published < total) {
          if (published - (await stored()) > 400) {
            await sleep(50);
            continue;
          }
          const batch = Array.from({ length: Math.min(100, total - published) }, (_, k) => published + k);
          await Promise.all(batch.map((i) => publisher.publishAsync(`application/faults/device/${group.devEuis[i % group.devEuis.length]}/event/up`, chirpstackBody(i, group.devEuis, prefix), { qos: 1 })));
          published += batch.length;
        }
      })();
      await until("a quarter of the events stored", stored, (n) => n >= total / 4);
      storedAtCrash = await stored();
      await worker.kill("SIGKILL");
      worker = await app("worker", workerEnv, "subscribed to");
      await publishing;
      await until(`all ${total} events stored`, stored, (n) => n >= total, 90_000);
      await sleep(500);
      expect(await storedUnder(handle.db, prefix)).toEqual({ rows: total, events: total });
      expect(await usageRecountDifferences(handle.db, group.deviceIds)).toEqual([]);
      survived.push(`kill -9 of an MQTT worker (2 sessions × 200 in flight) with ${fmt(storedAtCrash)} of ${fmt(total)} events stored, restarted on its sessions: ${fmt(total)} stored once, hourly usage = recount`);
    } finally {
      await worker.close();
      await publisher.endAsync();
      // End the suite's broker sessions, so nothing stays queued on a shared broker.
      for (const clientId of [`${workerEnv.MQTT_CLIENT_ID}-1`, `${workerEnv.MQTT_CLIENT_ID}-2`]) {
        const purge = await connectAsync(MQTT_URL, { protocolVersion: 5, clientId, clean: true, properties: { sessionExpiryInterval: 0 }, reconnectPeriod: 0 });
        await purge.endAsync();
      }
    }
  }, 150_000);

  it("PostgreSQL stopped and started during ingestion, forwarding and the Stripe usage report: every process carries on by itself, the web app answers 503, nothing doubled", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const forwarding = await fleet(handle.db, 20, { forwardTo: receiver.url() });
      const billed = [await stripeBilledFleet(handle.db, network, 10), await stripeBilledFleet(handle.db, network, 10)];
      const devEuis = [...forwarding.devEuis, ...billed.flatMap((b) => b.devEuis)];
      const port = await freePort();
      const processes = {
        "ingest-server": await ingestServer(port),
        forwarder: await app("forwarder", { FORWARDING_INTERVAL_MS: "200", FORWARDING_ALLOW_PRIVATE_NETWORKS: "true", FORWARDING_ALLOW_HTTP: "true" }, "delivering events"),
        "billing jobs": await app("billing:jobs", { STRIPE_SECRET_KEY: "sk_test_faults", STRIPE_API_BASE: fake.url, BILLING_JOBS_INTERVAL_SECONDS: "1" }, "running every", ["--repeat"]),
      };
      const apiKey = await createApiKeyRow(handle.db, forwarding.tenant.id);
      const prefix = `pg-restart-${run}-`;
      const total = 4_000;
      let outage: Promise<Record<string, { status: number; body: string }>> | null = null;
      const report = await sendUntilAcknowledged({
        port: () => port, secret: network.secret, devEuis, prefix, count: total, concurrency: 64,
        progress: (acknowledged) => {
          if (outage || acknowledged < 1_500) return;
          outage = (async () => {
            pg.stop();
            const answers = await webAnswersWithoutDatabase(apiKey.authorization);
            await sleep(2_000);
            pg.start();
            return answers;
          })();
        },
      });
      const whileAway = await outage!;
      // The suite's own pool may hold connections the restart ended (their next query would fail): a fresh one.
      await handle.close();
      handle = await openDatabase({ url: pg.url, poolMax: 4 });

      // The web app's answers while the database was away: 503s that say so, no stack traces.
      for (const [route, answer] of Object.entries(whileAway)) {
        expect(answer.status, route).toBe(503);
        expect(answer.body, route).not.toMatch(/\bat .+:\d+:\d+|stack/i);
      }
      expect(JSON.parse(whileAway.trpc!.body).error.json.message).toMatch(/database is not reachable/);
      expect(JSON.parse(whileAway.ingestion!.body).error).toMatch(/could not be stored right now; retry later/);

      expect(await storedUnder(handle.db, prefix)).toEqual({ rows: total, events: total });
      expect(await usageRecountDifferences(handle.db, [...forwarding.deviceIds, ...billed.flatMap((b) => b.deviceIds)])).toEqual([]);

      // Forwarding: every event of the forwarding tenant delivered, each delivery exactly once (the
      // forwarder waits to record what it sent until the database is back, rather than sending it again).
      // Every other event of the run was a forwarding tenant's (the devices alternate in blocks of 20).
      const forwarded = (await deliveryStatuses(handle.db, forwarding.forwarder!.id)).total;
      expect(forwarded).toBe(total / 2);
      await until("every delivery delivered", async () => { const d = await deliveryStatuses(handle.db, forwarding.forwarder!.id); return { delivered: d.delivered, total: d.total }; }, (d) => d.delivered === d.total && d.total === forwarded, 60_000);
      const received = receiver.requests.map((r) => String(r.headers["longreach-delivery"]));
      expect(new Set(received).size).toBe(forwarded);
      expect(received.length).toBe(forwarded);

      // Stripe: the meter ends equal to the rollups for every billed tenant (reported under identifiers, aggregated with `last`).
      const tenantIds = billed.map((b) => b.tenant.id);
      const meters = await until("Stripe's meter to equal the rollups", () => meterAgainstRollups(handle.db, stripe, tenantIds), (rows) => rows.every((r) => r.local !== null && r.stripe === r.local && r.local > 0), 60_000);
      const identifiers = fake.state.meterEvents.map((e) => e.event.identifier);
      expect(new Set(identifiers).size).toBe(identifiers.length);

      // Each process is the one started before the outage, said so in one line, and said when it was over.
      for (const [name, proc] of Object.entries(processes)) {
        expect(proc.alive(), `${name} is still running`).toBe(true);
        expect(proc.output(), name).toMatch(/the database is unavailable \(.+\);/);
        expect(proc.output(), name).toMatch(/the database is available again \(after [\d.]+ s\)/);
        expect(proc.output(), `${name} logged no stack traces`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
        expect(proc.output(), `none of ${name}'s processes had to be replaced`).not.toMatch(/ended \(.*\); starting another/);
      }
      await Promise.all(Object.values(processes).map((p) => p.close()));
      survived.push(
        `PostgreSQL stopped for ~2 s and started again under load: ingest-server, forwarder and billing jobs carried on by themselves (one log line each way); ` +
          `tRPC, ingestion and REST answered 503 meanwhile; ${fmt(report.retried)} sends retried, ${fmt(total)} events stored once, usage = recount, ` +
          `${fmt(forwarded)} deliveries each sent once, Stripe's meter = rollups (${meters.map((m) => m.local).join(", ")} credits)`,
      );
    } finally {
      await receiver.close();
    }
  }, 180_000);

  /** What the web app's routes answer when the database is not there: tRPC, an ingestion route, the REST API. */
  async function webAnswersWithoutDatabase(apiKey: string) {
    const text = async (response: Response) => ({ status: response.status, body: await response.text() });
    const trpc = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request("http://localhost/api/trpc/networkOverview.get"),
      router: appRouter,
      createContext: () => ({ db: handle.db, userId: network.operator.id, tenantSlug: null, address: "203.0.113.7", appUrl: "http://localhost:3000", mailer: captureMail() }),
    });
    const ingestion = await ingestHttpEvent(
      new Request("http://localhost/api/ingest/chirpstack?event=up", { method: "POST", headers: { Authorization: `Bearer ${network.secret}`, "Content-Type": "application/json" }, body: chirpstackBody(0, ["0011223344556677"], `web-${run}-`) }),
      "chirpstack",
      createIngestion(handle.db),
    );
    const rest = await callApi(handle.db, listDevicesOperation, { authorization: apiKey });
    return { trpc: await text(trpc), ingestion: await text(ingestion), rest: { status: rest.status, body: JSON.stringify(rest.body) } };
  }

  it("the forwarder killed mid-batch: its claims' lease runs out, another forwarder resumes; repeats only of what was in flight", async () => {
    // Answers take a while, so the kill lands while a batch is being sent.
    const slow = await startWebhookReceiver(async () => (await sleep(150), { status: 200 }));
    try {
      const group = await fleet(handle.db, 10, { forwardTo: slow.url() });
      const events = Array.from({ length: 80 }, (_, i) => uplink({ devEui: group.devEuis[i % 10]!, at: new Date(Date.now() - (80 - i) * 1_000) }));
      await ingest(handle.db, network.connectionId, events);
      const forwarderEnv = { FORWARDING_INTERVAL_MS: "200", FORWARDING_LEASE_SECONDS: "3", FORWARDING_ALLOW_PRIVATE_NETWORKS: "true", FORWARDING_ALLOW_HTTP: "true" };
      const first = await app("forwarder", forwarderEnv, "delivering events");
      await until("the first deliveries to arrive", () => slow.requests.length, (n) => n >= 10, 30_000);
      await first.kill("SIGKILL");
      const killedAt = Date.now();
      const beforeKill = new Set(slow.requests.map((r) => String(r.headers["longreach-delivery"])));
      const heir = await app("forwarder", forwarderEnv, "delivering events");
      const statuses = await until("all 80 delivered", () => deliveryStatuses(handle.db, group.forwarder!.id), (d) => d.delivered === 80, 60_000);
      const received = slow.requests.map((r) => String(r.headers["longreach-delivery"]));
      const counts = new Map<string, number>();
      for (const id of received) counts.set(id, (counts.get(id) ?? 0) + 1);
      const repeated = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
      expect(new Set(received)).toEqual(new Set(statuses.ids));
      // At least once: only deliveries the killed forwarder had sent without recording are sent again, each once more.
      expect(repeated.every((id) => beforeKill.has(id) && counts.get(id) === 2)).toBe(true);
      expect(repeated.length).toBeLessThanOrEqual(CLAIM_LIMIT);
      await heir.close();
      survived.push(`kill -9 of the forwarder mid-batch (3 s lease): resumed ${((Date.now() - killedAt) / 1000).toFixed(1)} s later by another forwarder, 80 of 80 delivered, ${repeated.length} repeated once (sent, not yet recorded: at least once)`);
    } finally {
      await slow.close();
    }
  }, 120_000);

  it("the billing jobs killed mid-run: the lease runs out, the next run finishes, Stripe's meter equals the rollups (nothing reported twice)", async () => {
    const tenants = [];
    for (let i = 0; i < 12; i++) tenants.push(await stripeBilledFleet(handle.db, network, 1));
    // 5 + i credits over each tenant's allowance of 5.
    for (const [i, t] of tenants.entries()) await ingest(handle.db, network.connectionId, Array.from({ length: 10 + i }, (_, k) => uplink({ devEui: t.devEuis[0]!, at: new Date(Date.now() - (k + 1) * 60_000) })));
    const env = { STRIPE_SECRET_KEY: "sk_test_faults", STRIPE_API_BASE: fake.url, BILLING_JOBS_LEASE_SECONDS: "3" };
    const oneRun = () => app("billing:jobs", env, null);
    const reports = () => fake.requestsTo("/v1/billing/meter_events").length;
    const reportsBefore = reports();
    const doomed = await oneRun();
    await until("the first usage reports", reports, (n) => n >= reportsBefore + 3, 60_000);
    await doomed.kill("SIGKILL");
    const killedAt = Date.now();
    const reportedBeforeKill = reports() - reportsBefore;

    // The dead run's lease is still there, holding other runs off, until it runs out by itself.
    const lease = async () => (await withPlatform(handle.db, (tx) => tx.select().from(jobLeases).where(eq(jobLeases.name, "billing-jobs"))))[0]!;
    const held = await lease();
    expect(held.until.getTime()).toBeGreaterThan(Date.now());
    await until("the dead run's lease to run out", lease, (row) => row.until.getTime() < Date.now(), 10_000);
    const leaseGoneAfter = (Date.now() - killedAt) / 1000;
    const next = await oneRun();
    await next.exited;
    expect(next.output()).toMatch(/Billing jobs done \(Stripe mode\)/);

    const meters = await meterAgainstRollups(handle.db, stripe, tenants.map((t) => t.tenant.id));
    expect(meters.map((m) => m.stripe)).toEqual(meters.map((m) => m.local));
    expect(meters.map((m) => m.local)).toEqual(tenants.map((_, i) => 5 + i));
    const accepted = fake.state.meterEvents.map((e) => e.event.identifier);
    expect(new Set(accepted).size).toBe(accepted.length);
    survived.push(`kill -9 of the billing jobs after ${reportedBeforeKill} of 12 usage reports: its 3 s lease ran out ${leaseGoneAfter.toFixed(1)} s later, then the next run finished; Stripe's meter = rollups for all 12 tenants, no report accepted twice`);
  }, 120_000);
});
