/**
 * `npm run forwarder`: delivers tenants' events to their webhook endpoints (see
 * src/server/forwarding/), outside the web processes; set FORWARDING=off on those then. Run as many as
 * needed: each claims different deliveries.
 *
 * It needs the web server's environment: DATABASE_URL (required: the embedded database allows one
 * process), DEVICE_KEY_ENCRYPTION_KEY (it opens the signing secrets) and AUTH_SECRET (the environment is
 * checked as a whole), and the same FORWARDING_INTERVAL_MS, FORWARDING_ALLOW_PRIVATE_NETWORKS and
 * FORWARDING_ALLOW_HTTP. SIGTERM or Ctrl+C finishes the deliveries being sent and records them first.
 */

import { failCommand, runUntilStopped, sharedDatabaseUrl } from "./lib/companion-process";

const fail: (message: string) => never = (message) => failCommand("forwarder", message);

const databaseUrl = sharedDatabaseUrl("forwarder", "forwarder", "`npm start` forwards events itself unless FORWARDING=off.");

// Imported only after DATABASE_URL is checked, so a misconfigured forwarder fails fast and clearly.
const app = await Promise.all([
  import("../src/env"),
  import("../src/server/db/client"),
  import("../src/server/forwarding/forwarding-scheduler"),
]).catch((error: Error) => fail(`cannot start: ${error.message}`));
const [{ env }, { openDatabase }, { startForwardingScheduler }] = app;

const handle = await openDatabase({ url: databaseUrl, poolMax: 2 });
const lastMinute = { claimed: 0, delivered: 0, failed: 0 };
const scheduler = startForwardingScheduler({
  database: async () => handle.db,
  intervalMs: env.FORWARDING_INTERVAL_MS,
  leaseMs: env.FORWARDING_LEASE_SECONDS * 1000,
  onRun: (run) => {
    lastMinute.claimed += run.claimed;
    lastMinute.delivered += run.delivered;
    lastMinute.failed += run.failed;
  },
});

runUntilStopped("forwarder", {
  summary() {
    const line = lastMinute.claimed ? `${lastMinute.delivered} delivered, ${lastMinute.failed} failed attempts` : null;
    Object.assign(lastMinute, { claimed: 0, delivered: 0, failed: 0 });
    return line;
  },
  finishing: "finishing the deliveries being sent",
  abandoning: "deliveries being sent are retried once their claim runs out",
  async stop() {
    await scheduler.stop();
    await handle.close();
  },
});

console.log(`forwarder: delivering events every ${env.FORWARDING_INTERVAL_MS} ms${env.FORWARDING_ALLOW_PRIVATE_NETWORKS ? " (private networks allowed)" : ""}${env.FORWARDING_ALLOW_HTTP ? " (plain http allowed)" : ""}`);
