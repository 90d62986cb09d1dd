/**
 * Next.js calls register() once when a server process starts. The Node.js runtime runs the periodic
 * billing jobs and event forwarding in-process (the embedded database can only be opened by one
 * process); set BILLING_JOBS=off on web processes when a separate `npm run billing:jobs` cron does it
 * instead, FORWARDING=off when `npm run forwarder` processes deliver the events, and ALERTS=off when a
 * cron runs `npm run alerts`.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./env");
  if (env.BILLING_JOBS === "on") {
    const { startBillingScheduler } = await import("./server/jobs/billing-scheduler");
    startBillingScheduler(env.BILLING_JOBS_INTERVAL_SECONDS);
  }
  if (env.ALERTS === "on") {
    const { startAlertsScheduler } = await import("./server/jobs/alerts-scheduler");
    startAlertsScheduler(env.ALERTS_INTERVAL_SECONDS);
  }
  if (env.FORWARDING === "on") {
    const [{ startForwardingScheduler }, { getDatabase }] = await Promise.all([import("./server/forwarding/forwarding-scheduler"), import("./server/db")]);
    startForwardingScheduler({ database: getDatabase, intervalMs: env.FORWARDING_INTERVAL_MS });
  }
}
