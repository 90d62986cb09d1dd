/**
 * `npm run worker`: takes ChirpStack events from an MQTT broker into Longreach (see
 * src/server/jobs/mqtt-ingest-worker.ts). Run as many as needed: workers with the same MQTT_SHARED_GROUP
 * split the traffic. Each needs its own, stable MQTT_CLIENT_ID (the broker keeps that session's
 * unacknowledged messages for it across restarts).
 *
 *   DATABASE_URL          the web server's PostgreSQL (required: the embedded database allows one process)
 *   MQTT_CONNECTION_ID    id of the ChirpStack network connection the events are attributed to (required).
 *                         While it is disabled, its events are refused (acknowledged, not stored), within
 *                         30 s of the operator disabling it, as HTTP ingestion refuses them.
 *   MQTT_URL              default mqtt://127.0.0.1:1883
 *   MQTT_USERNAME, MQTT_PASSWORD   optional
 *   MQTT_SHARED_GROUP     default "longreach"
 *   MQTT_CLIENT_ID        default longreach-worker-<hostname>
 *   MQTT_SESSIONS         MQTT sessions per worker, default 8
 *   MQTT_IN_FLIGHT        messages each session holds unacknowledged while their batch commits
 *                         (its MQTT 5 Receive Maximum), default 256
 *   CLOCK_SKEW_MAX_LATE_HOURS  how late an event may arrive and be billed at its own time, default 24
 *
 * Broker: ChirpStack must publish at QoS 1 (chirpstack.toml [integration.mqtt] qos=1), and the broker
 * must be allowed to queue what piles up while workers or the database are down (Mosquitto drops
 * beyond max_queued_messages, default 1000 per session: raise it).
 */
import { hostname } from "node:os";
import { failCommand, sharedDatabaseUrl } from "./lib/companion-process";

const fail: (message: string) => never = (message) => failCommand("worker", message);

const databaseUrl = sharedDatabaseUrl("worker", "worker");
const connectionId = process.env.MQTT_CONNECTION_ID;
if (!connectionId || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(connectionId)) {
  fail(
    `MQTT_CONNECTION_ID ${connectionId ? `'${connectionId}' is not a connection id` : "is not set"}. Set it to the id of the ChirpStack\n` +
      "  network connection these events come from (operator console → Network connections), so they are\n" +
      "  attributed to it.",
  );
}
const mqttUrl = process.env.MQTT_URL || "mqtt://127.0.0.1:1883";
const sharedGroup = process.env.MQTT_SHARED_GROUP || "longreach";
const clientId = process.env.MQTT_CLIENT_ID || `longreach-worker-${hostname()}`;
const sessions = Number(process.env.MQTT_SESSIONS || 8);
if (!Number.isInteger(sessions) || sessions < 1 || sessions > 64) fail(`MQTT_SESSIONS must be a whole number from 1 to 64, got '${process.env.MQTT_SESSIONS}'.`);
const inFlight = Number(process.env.MQTT_IN_FLIGHT || 256);
if (!Number.isInteger(inFlight) || inFlight < 1 || inFlight > 65_535) fail(`MQTT_IN_FLIGHT must be a whole number from 1 to 65535, got '${process.env.MQTT_IN_FLIGHT}'.`);

// Imported only after the settings above are checked, so a misconfigured worker fails fast and clearly.
const app = await Promise.all([
  import("../src/server/db/client"),
  import("../src/server/db/scopes"),
  import("../src/server/network/connections"),
  import("../src/server/ingestion/connection-enabled-cache"),
  import("../src/server/ingestion/ingestion-service"),
  import("../src/server/jobs/mqtt-ingest-worker"),
  import("../src/server/ingestion/clock-policy-setting"),
]).catch((error: Error) =>
  fail(`cannot load the ingestion modules: ${error.message}`),
);
const [{ openDatabase }, { withPlatform }, { findConnectionById }, { connectionEnabledInDatabase }, { createIngestion }, { MqttIngestWorker }, { clockPolicyFromEnvironment }] = app;
const clockPolicy = (() => {
  try {
    return clockPolicyFromEnvironment();
  } catch (error) {
    return fail((error as Error).message);
  }
})();

// One connection per batch being written, plus one for the rest.
const handle = await openDatabase({ url: databaseUrl, poolMax: 3 });
const connection = await withPlatform(handle.db, (tx) => findConnectionById(tx, connectionId)).catch(async (error: Error) => {
  await handle.close();
  fail(`cannot read the network connections from DATABASE_URL: ${error.message}`);
});
// A disabled connection is no reason to stop here: the worker refuses its events (as HTTP ingestion
// does) until it is enabled. Refusing to start would instead leave them queued at the broker, to be
// stored once it is enabled again.
if (!connection || connection.kind !== "chirpstack") {
  await handle.close();
  fail(
    !connection
      ? `there is no network connection with id ${connectionId} in this database.`
      : `connection '${connection.name}' is for The Things Stack; MQTT ingestion is for ChirpStack connections.`,
  );
}

const ingestion = createIngestion(handle.db, { maxWaitMs: 2, concurrency: 2, clockPolicy });
const connectionState = connectionEnabledInDatabase(handle.db, connectionId, { logError: (message, error) => console.error(`mqtt-ingest: ${message}`, error) });
const worker = new MqttIngestWorker({
  mqttUrl,
  username: process.env.MQTT_USERNAME || undefined,
  password: process.env.MQTT_PASSWORD || undefined,
  connectionId,
  clientId,
  sharedGroup,
  sessions,
  inFlight,
  ingest: ingestion.batcher,
  clockPolicy: ingestion.clockPolicy,
  connectionEnabled: () => connectionState.enabled(),
});

let stoppingSince = 0;
async function shutdown(signal: string) {
  if (stoppingSince) {
    // A signal sent to the whole process group also arrives relayed by npm/tsx: the same request, not a second one.
    if (Date.now() - stoppingSince < 1_000) return;
    console.log("mqtt-ingest: stopping now; unacknowledged messages stay with the broker");
    await worker.abort();
    process.exit(1);
  }
  stoppingSince = Date.now();
  console.log(`mqtt-ingest: ${signal}: finishing the events being stored (press Ctrl+C again to stop at once)`);
  clearInterval(summary);
  await worker.stop();
  await handle.close();
  console.log("mqtt-ingest: stopped");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));

let last = worker.stats();
const summary = setInterval(() => {
  const now = worker.stats();
  const delta = (k: keyof typeof now) => now[k] - last[k];
  const handled = delta("stored") + delta("duplicate") + delta("unclaimed") + delta("invalid") + delta("rejected") + delta("refused");
  if (handled || delta("storeFailures")) {
    console.log(`mqtt-ingest: last minute: ${delta("stored")} stored, ${delta("duplicate")} duplicate, ${delta("unclaimed")} unclaimed, ${delta("invalid")} invalid, ${delta("rejected")} rejected by the database, ${delta("refused")} refused (connection disabled), ${delta("storeFailures")} failed attempts`);
  }
  last = now;
}, 60_000);

console.log(`mqtt-ingest: connecting to ${mqttUrl} as ${clientId} (${sessions} session${sessions === 1 ? "" : "s"} × ${inFlight} in flight); events are attributed to '${connection.name}'${connection.disabled ? ", which is disabled: its events are refused until it is enabled" : ""}`);
await worker.start();
console.log(`mqtt-ingest: subscribed to ${worker.subscription} at QoS 1`);
