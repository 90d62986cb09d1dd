/**
 * `npm run provisioner`: keeps the managed network server in step with Longreach (applies the
 * provisioning outbox, see src/server/provisioning/) outside the web processes; set PROVISIONING=off on
 * those then. Run as many as needed: each claims different jobs, and one device's jobs are never applied
 * by two at once.
 *
 * It needs the web server's environment: DATABASE_URL (required: the embedded database allows one
 * process), DEVICE_KEY_ENCRYPTION_KEY (it opens device keys and the API token), AUTH_SECRET (the
 * environment is checked as a whole), COUNCIL_NAME and PROVISIONING_INTERVAL_MS. SIGTERM or Ctrl+C
 * finishes the jobs being applied and records them first.
 */

import { failCommand, runUntilStopped, sharedDatabaseUrl } from "./lib/companion-process";

const fail: (message: string) => never = (message) => failCommand("provisioner", message);

const databaseUrl = sharedDatabaseUrl("provisioner", "provisioner", "`npm start` provisions itself unless PROVISIONING=off.");

// Imported only after DATABASE_URL is checked, so a misconfigured provisioner fails fast and clearly.
const app = await Promise.all([
  import("../src/env"),
  import("../src/server/db/client"),
  import("../src/server/provisioning/provisioning-scheduler"),
  import("../src/server/provisioning/management"),
]).catch((error: Error) => fail(`cannot start: ${error.message}`));
const [{ env }, { openDatabase }, { startProvisioningScheduler }, { closeProvisioningTargets }] = app;

const handle = await openDatabase({ url: databaseUrl, poolMax: 4 });
const lastMinute = { claimed: 0, done: 0, failed: 0 };
const scheduler = startProvisioningScheduler({
  database: async () => handle.db,
  intervalMs: env.PROVISIONING_INTERVAL_MS,
  onRun: (run) => {
    lastMinute.claimed += run.claimed;
    lastMinute.done += run.done;
    lastMinute.failed += run.failed;
  },
});

runUntilStopped("provisioner", {
  summary() {
    const line = lastMinute.claimed ? `${lastMinute.done} applied, ${lastMinute.failed} failed attempts` : null;
    Object.assign(lastMinute, { claimed: 0, done: 0, failed: 0 });
    return line;
  },
  finishing: "finishing the jobs being applied",
  abandoning: "jobs being applied are retried once their claim runs out",
  async stop() {
    await scheduler.stop();
    closeProvisioningTargets();
    await handle.close();
  },
});

console.log(`provisioner: applying provisioning jobs every ${env.PROVISIONING_INTERVAL_MS} ms`);
