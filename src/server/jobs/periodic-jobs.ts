import type Stripe from "stripe";
import { getDatabase, type Database } from "@/server/db";
import { OutageLog } from "@/server/db/database-unavailable";
import { createMailer, type Mailer } from "@/server/mail/mailer";
import { getStripeSetup } from "@/server/stripe/stripe-setup";
import { runBillingJobs } from "./billing-jobs";
import { maintainEventPartitions } from "./event-partitions";
import { withLease } from "./job-lease";
import { purgeExpired } from "./retention";

export interface PeriodicJobsSettings {
  /** BILLING_JOBS_LEASE_SECONDS: how long a dead runner holds the others off. */
  leaseSeconds: number;
  /** RETENTION_DAYS. */
  retentionDays: number;
  /** EVENT_RETENTION_MONTHS (null: device events are kept). */
  eventRetentionMonths: number | null;
  log?: (line: string) => void;
}

/**
 * One pass of the periodic jobs, each under its own lease so that with several processes each runs
 * once at a time: the billing jobs (Stripe sync, usage reports, dunning, budget alerts), the
 * retention purge, then device events' monthly partitions (created ahead; the oldest dropped with
 * EVENT_RETENTION_MONTHS). Says which ran (false: another process holds its lease).
 */
export async function runPeriodicJobs(deps: { db: Database; stripe: Stripe | null; mailer: Mailer }, settings: PeriodicJobsSettings) {
  const log = settings.log ?? ((line: string) => console.info(line));
  const leaseMs = settings.leaseSeconds * 1000;
  const billing = await withLease(deps.db, "billing-jobs", leaseMs, () => runBillingJobs({ ...deps, log }));
  const retention = await withLease(deps.db, "retention", leaseMs, async () => {
    const purged = await purgeExpired(deps.db, { days: settings.retentionDays });
    if (purged.unclaimedEvents || purged.deliveries) {
      log(`retention: deleted ${purged.unclaimedEvents} unclaimed events and ${purged.deliveries} delivered forwarding rows older than ${settings.retentionDays} days`);
    }
  });
  const partitions = await withLease(deps.db, "event-partitions", leaseMs, async () => {
    const { created, dropped, deletedFromDefault } = await maintainEventPartitions(deps.db, { retentionMonths: settings.eventRetentionMonths });
    if (created.length) log(`event partitions: created ${created.join(", ")}`);
    if (dropped.length || deletedFromDefault) {
      log(`event partitions: dropped ${dropped.join(", ") || "none"} and deleted ${deletedFromDefault} events with untrusted clocks, older than ${settings.eventRetentionMonths} months`);
    }
  });
  return { billing, retention, partitions };
}

/**
 * Runs the periodic jobs every `intervalSeconds` in this process (the web server, from
 * instrumentation.ts, or `npm run billing:jobs -- --repeat`). A pass that fails (the database or Stripe
 * away) is logged and the next one tries again; every step is safe to repeat. `stop()` resolves once
 * the pass in progress has finished.
 */
export function startPeriodicJobs(options: PeriodicJobsSettings & { intervalSeconds: number; firstRunAfterMs?: number }) {
  const outage = new OutageLog("billing jobs", "trying again next round");
  let round: Promise<void> | null = null;
  let stopping = false;
  const tick = async () => {
    try {
      const db = await getDatabase();
      const stripe = (await getStripeSetup())?.stripe ?? null;
      await runPeriodicJobs({ db, stripe, mailer: createMailer() }, options);
      outage.succeeded();
    } catch (error) {
      if (!outage.failed(error)) console.error("billing jobs failed; retrying next round", error);
    }
  };
  // A pass still running when the next is due: that one is skipped, not queued.
  const run = () => {
    if (stopping || round) return;
    round = tick().finally(() => (round = null));
  };
  const timer = setInterval(run, options.intervalSeconds * 1000);
  timer.unref();
  setTimeout(run, options.firstRunAfterMs ?? 5_000).unref();
  return {
    async stop() {
      stopping = true;
      clearInterval(timer);
      await round;
    },
  };
}
