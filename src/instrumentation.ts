/**
 * Next.js calls register() once when a server process starts. The Node.js runtime runs the periodic
 * billing jobs and event forwarding in-process (the embedded database can only be opened by one
 * process); set BILLING_JOBS=off on web processes when a separate `npm run billing:jobs` cron does it
 * instead, FORWARDING=off when `npm run forwarder` processes deliver the events, PROVISIONING=off
 * when `npm run provisioner` processes keep the network server in step, and ALERTS=off when a cron
 * runs `npm run alerts`. SIMULATOR=on (set by `npm start` for the demo) posts the demo sensors' traffic
 * to this server from here, where the database that says which bins were marked collected is open.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./env");
  if (env.BILLING_JOBS === "on") {
    const { startPeriodicJobs } = await import("./server/jobs/periodic-jobs");
    startPeriodicJobs({ intervalSeconds: env.BILLING_JOBS_INTERVAL_SECONDS, leaseSeconds: env.BILLING_JOBS_LEASE_SECONDS, retentionDays: env.RETENTION_DAYS, eventRetentionMonths: env.EVENT_RETENTION_MONTHS ?? null });
  }
  if (env.ALERTS === "on") {
    const { startAlertsScheduler } = await import("./server/jobs/alerts-scheduler");
    startAlertsScheduler(env.ALERTS_INTERVAL_SECONDS);
  }
  if (env.FORWARDING === "on") {
    const [{ startForwardingScheduler }, { getDatabase }] = await Promise.all([import("./server/forwarding/forwarding-scheduler"), import("./server/db")]);
    startForwardingScheduler({ database: getDatabase, intervalMs: env.FORWARDING_INTERVAL_MS, leaseMs: env.FORWARDING_LEASE_SECONDS * 1000 });
  }
  if (env.PROVISIONING === "on") {
    const [{ startProvisioningScheduler }, { getDatabase }] = await Promise.all([import("./server/provisioning/provisioning-scheduler"), import("./server/db")]);
    startProvisioningScheduler({ database: getDatabase, intervalMs: env.PROVISIONING_INTERVAL_MS });
  }
  if (env.SIMULATOR === "on") {
    const { startDemoTraffic } = await import("./server/demo/demo-traffic");
    startDemoTraffic({ appUrl: `http://localhost:${process.env.PORT || 3000}`, intervalMs: env.SIMULATOR_INTERVAL_MS });
  }
}
