/**
 * `npm run simulate`: posts realistic ChirpStack traffic for the demo sensors (and a few unregistered
 * ones) to a running Longreach, as its demo ChirpStack connection would. `npm start` runs it by itself
 * in demo mode; this is for running it on its own (another port, another rate).
 *
 *   APP_URL               default http://localhost:3000
 *   SIMULATOR_SECRET      the ChirpStack connection's secret; default: the demo connection's
 *   SIMULATOR_INTERVAL_MS average pause between events, default 1500 (one every 1–2 s)
 *   DATABASE_URL          when set, the demo bins follow the waste team's "collected" marks read from it
 *                         (the embedded database cannot be read beside the server: `npm start` does it there)
 */
import { openDatabase } from "../src/server/db/client";
import { demoBinsCollected } from "../src/server/demo/bin-collections";
import { DEMO_CHIRPSTACK_SECRET } from "../src/server/demo/demo-network";
import { runTrafficSimulator } from "../src/server/demo/simulator-runner";

const appUrl = process.env.APP_URL || "http://localhost:3000";
const intervalMs = Number(process.env.SIMULATOR_INTERVAL_MS || 1500);
if (!Number.isFinite(intervalMs) || intervalMs < 1) {
  console.error(`SIMULATOR_INTERVAL_MS must be a number of milliseconds (at least 1), got '${process.env.SIMULATOR_INTERVAL_MS}'.`);
  process.exit(1);
}

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    console.log("simulator: stopping");
    controller.abort();
  });
}

console.log(`simulator: posting demo traffic to ${appUrl}/api/ingest/chirpstack, about one event every ${intervalMs >= 1000 ? `${(intervalMs / 1000).toFixed(1)} s` : `${intervalMs} ms`} (Ctrl+C stops)`);
const database = process.env.DATABASE_URL ? await openDatabase({ url: process.env.DATABASE_URL, poolMax: 1 }) : null;
await runTrafficSimulator({
  appUrl,
  secret: process.env.SIMULATOR_SECRET || DEMO_CHIRPSTACK_SECRET,
  intervalMs,
  signal: controller.signal,
  collections: database ? () => demoBinsCollected(database.db) : undefined,
});
await database?.close();
