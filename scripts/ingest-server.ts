/**
 * `npm run ingest-server`: the dedicated ingestion server (src/server/ingestion/ingestion-server.ts),
 * for networks whose traffic outgrows the web app's /api/ingest routes. It answers the same endpoints
 * with the same results; point the reverse proxy's /api/ingest/* at it. It runs one process per CPU
 * (node:cluster, sharing the port) and as many machines as needed: processes share only the database.
 *
 *   DATABASE_URL       the web server's PostgreSQL (required: the embedded database allows one process)
 *   INGEST_PORT        default 3100
 *   INGEST_HOST        default 0.0.0.0
 *   INGEST_PROCESSES   processes on this machine, default: one per CPU
 *   INGEST_BATCHES     batches each process writes at the same time (its database connections), default 2
 *   CLOCK_SKEW_MAX_LATE_HOURS  how late an event may arrive and be billed at its own time, default 24
 *
 * The npm script gives node a larger young generation (--max-semi-space-size): requests live for a
 * batch's commit, long enough to survive the default one and be copied into the old generation.
 */
import cluster from "node:cluster";
import type { Server } from "node:http";
import { availableParallelism } from "node:os";
import { failCommand, sharedDatabaseUrl } from "./lib/companion-process";

const fail: (message: string) => never = (message) => failCommand("ingest-server", message);

const databaseUrl = sharedDatabaseUrl("ingest-server", "ingestion server", "Without one, `npm start` ingests on its own.");
const whole = (name: string, fallback: number, max: number) => {
  const value = Number(process.env[name] || fallback);
  if (!Number.isInteger(value) || value < 1 || value > max) fail(`${name} must be a whole number from 1 to ${max}, got '${process.env[name]}'.`);
  return value;
};
const port = whole("INGEST_PORT", 3100, 65_535);
const host = process.env.INGEST_HOST || "0.0.0.0";
const processes = whole("INGEST_PROCESSES", availableParallelism(), 256);
const batches = whole("INGEST_BATCHES", 2, 32);

if (cluster.isPrimary) await supervise();
else await serve();

/** The primary only shares the port and replaces a process that dies; the work is in the others. */
async function supervise() {
  let stopping = false;
  let running = 0;
  const start = () => {
    running++;
    cluster.fork();
  };
  for (let i = 0; i < processes; i++) start();
  cluster.on("exit", (worker, code, signal) => {
    running--;
    if (stopping) {
      if (!running) process.exit(0);
      return;
    }
    console.error(`ingest-server: process ${worker.process.pid} ended (${signal ?? `exit ${code}`}); starting another`);
    // A stop signal may arrive during this pause; a process started after it would never be stopped.
    setTimeout(() => {
      if (!stopping) start();
    }, 1_000);
  });
  const stop = (signal: NodeJS.Signals) => {
    // Ctrl+C reaches the primary both from the terminal and relayed by npm: act once, and never let a
    // repeat fall through to node's default of exiting before the processes have finished.
    if (stopping) return;
    stopping = true;
    if (!running) process.exit(0);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  let listening = 0;
  cluster.on("listening", () => {
    if (++listening === processes) {
      console.log(`ingest-server: listening on http://${host}:${port}/api/ingest/{chirpstack,tts} (${processes} processes × ${batches} batches at a time)`);
    }
  });
}

async function serve() {
  const [{ openDatabase }, { createIngestion }, { createIngestionServer }, { clockPolicyFromEnvironment }] = await Promise.all([
    import("../src/server/db/client"),
    import("../src/server/ingestion/ingestion-service"),
    import("../src/server/ingestion/ingestion-server"),
    import("../src/server/ingestion/clock-policy-setting"),
  ]).catch((error: Error) => fail(`cannot load the ingestion modules: ${error.message}`));
  const clockPolicy = (() => {
    try {
      return clockPolicyFromEnvironment();
    } catch (error) {
      return fail((error as Error).message);
    }
  })();

  // One connection per batch being written, plus one for connection lookups.
  const handle = await openDatabase({ url: databaseUrl!, poolMax: batches + 1 });
  const server: Server = createIngestionServer(createIngestion(handle.db, { concurrency: batches, clockPolicy }));

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    // Requests already read are answered once their batch commits; idle keep-alive connections are closed.
    server.close(() => void handle.close().then(() => process.exit(0)));
    server.closeIdleConnections();
    // A connection still busy after this is cut; the network server retries, and storage is idempotent.
    setTimeout(() => server.closeAllConnections(), 15_000).unref();
  };
  // Ctrl+C reaches these processes both from the terminal and from the primary.
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  server.listen(port, host);
}
