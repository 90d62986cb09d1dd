import { getDatabase } from "@/server/db";
import { OutageLog } from "@/server/db/database-unavailable";
import { createMailer } from "@/server/mail/mailer";
import { getStripeSetup } from "@/server/stripe/stripe-setup";
import { runBillingJobs } from "./billing-jobs";
import { withLease } from "./job-lease";

/**
 * Runs the billing jobs every `intervalSeconds` in this process (the web server, from
 * instrumentation.ts, or `npm run billing:jobs -- --repeat`), under a lease so only one of several
 * processes does the work each round. A round that fails (the database or Stripe away) is logged and
 * the next one tries again; every step is safe to repeat. `stop()` resolves once the round in progress
 * has finished.
 */
export function startBillingScheduler(options: { intervalSeconds: number; leaseSeconds: number; firstRunAfterMs?: number; log?: (line: string) => void }) {
  const log = options.log ?? ((line: string) => console.info(line));
  const outage = new OutageLog("billing jobs", "trying again next round");
  let round: Promise<void> | null = null;
  let stopping = false;
  const tick = async () => {
    try {
      const db = await getDatabase();
      const stripe = (await getStripeSetup())?.stripe ?? null;
      await withLease(db, "billing-jobs", options.leaseSeconds * 1000, () => runBillingJobs({ db, stripe, mailer: createMailer(), log }));
      outage.succeeded();
    } catch (error) {
      if (!outage.failed(error)) console.error("billing jobs failed; retrying next round", error);
    }
  };
  // A round still running when the next is due: that one is skipped, not queued.
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
