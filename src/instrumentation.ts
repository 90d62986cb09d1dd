/**
 * Next.js calls register() once when a server process starts. The Node.js runtime runs the periodic
 * billing jobs in-process (the embedded database can only be opened by one process); set
 * BILLING_JOBS=off on web processes when a separate `npm run billing:jobs` cron does it instead.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./env");
  if (env.BILLING_JOBS !== "on") return;
  const { startBillingScheduler } = await import("./server/jobs/billing-scheduler");
  startBillingScheduler(env.BILLING_JOBS_INTERVAL_SECONDS);
}
