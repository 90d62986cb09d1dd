/**
 * `npm run billing:jobs`: one pass of the periodic jobs — billing (Stripe sync, usage reports, dunning,
 * budget alerts), the retention purge (RETENTION_DAYS) and device events' monthly partitions (created
 * ahead; EVENT_RETENTION_MONTHS) — for cron, with BILLING_JOBS=off on web processes.
 * `npm run billing:jobs -- --repeat`: a long-running process that runs them every
 * BILLING_JOBS_INTERVAL_SECONDS instead (any number of them: a lease lets one at a time work), and
 * carries on by itself through database or Stripe outages. SIGTERM or Ctrl+C lets the pass in progress
 * finish.
 *
 * Both take the lease for BILLING_JOBS_LEASE_SECONDS (renewed while they run), so a process killed
 * mid-pass holds up the next one for at most that long.
 */
import { failCommand } from "./lib/companion-process";

const repeat = process.argv.includes("--repeat");
const app = await Promise.all([
  import("../src/env"),
  import("../src/server/jobs/periodic-jobs"),
  import("../src/server/mail/mailer"),
  import("../src/server/stripe/stripe-client"),
  import("./lib/database-from-env"),
]).catch((error: Error) => failCommand("billing:jobs", `cannot start: ${error.message}`));
const [{ env }, { runPeriodicJobs, startPeriodicJobs }, { createMailer }, { createStripe }, { openDatabaseFromEnv }] = app;
const settings = { leaseSeconds: env.BILLING_JOBS_LEASE_SECONDS, retentionDays: env.RETENTION_DAYS, eventRetentionMonths: env.EVENT_RETENTION_MONTHS ?? null };

if (repeat) {
  if (!env.DATABASE_URL) failCommand("billing:jobs", "--repeat needs DATABASE_URL: the embedded database can be opened by only one process, and `npm start` runs the billing jobs itself.");
  const scheduler = startPeriodicJobs({ ...settings, intervalSeconds: env.BILLING_JOBS_INTERVAL_SECONDS, firstRunAfterMs: 0 });
  // Also what keeps the process running: the scheduler's own timers do not (they must not hold a web server open).
  const alive = setInterval(() => {}, 60_000);
  let stopping = false;
  const shutdown = async (signal: string) => {
    // A signal sent to the whole process group also arrives relayed by npm/tsx: the same request.
    if (stopping) return;
    stopping = true;
    console.log(`billing jobs: ${signal}: finishing the pass in progress`);
    clearInterval(alive);
    await scheduler.stop();
    console.log("billing jobs: stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  console.log(`billing jobs: running every ${env.BILLING_JOBS_INTERVAL_SECONDS} s (${env.STRIPE_SECRET_KEY ? "Stripe" : "local"} mode)`);
} else {
  const handle = await openDatabaseFromEnv();
  try {
    const stripe = env.STRIPE_SECRET_KEY ? createStripe({ secretKey: env.STRIPE_SECRET_KEY, apiBase: env.STRIPE_API_BASE }) : null;
    const ran = await runPeriodicJobs({ db: handle.db, stripe, mailer: createMailer() }, settings);
    console.log(ran.billing ? `Billing jobs done (${stripe ? "Stripe" : "local"} mode).` : "Another process is running the billing jobs; nothing to do.");
    if (!ran.retention) console.log("Another process is running the retention purge; skipped.");
    if (!ran.partitions) console.log("Another process is looking after the event partitions; skipped.");
  } finally {
    await handle.close();
  }
}
