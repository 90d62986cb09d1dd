import { createMailer } from "@/server/mail/mailer";
import { getDatabase } from "@/server/db";
import { getStripeSetup } from "@/server/stripe/stripe-setup";
import { runBillingJobs } from "./billing-jobs";
import { withLease } from "./job-lease";

/**
 * Runs the billing jobs every `intervalSeconds` inside this process (started from instrumentation.ts),
 * under a lease so only one of several processes does the work each round.
 */
export function startBillingScheduler(intervalSeconds: number) {
  const tick = async () => {
    try {
      const db = await getDatabase();
      const stripe = (await getStripeSetup())?.stripe ?? null;
      await withLease(db, "billing-jobs", intervalSeconds * 2000, () => runBillingJobs({ db, stripe, mailer: createMailer() }));
    } catch (error) {
      console.error("billing jobs failed; retrying next round", error);
    }
  };
  const timer = setInterval(tick, intervalSeconds * 1000);
  timer.unref();
  setTimeout(tick, 5_000).unref();
}
