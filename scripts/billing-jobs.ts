/** `npm run billing:jobs`: one pass of the billing jobs (for cron, with BILLING_JOBS=off on web processes). */
import { runBillingJobs } from "../src/server/jobs/billing-jobs";
import { withLease } from "../src/server/jobs/job-lease";
import { createMailer } from "../src/server/mail/mailer";
import { createStripe } from "../src/server/stripe/stripe-client";
import { openDatabaseFromEnv } from "./lib/database-from-env";

const handle = await openDatabaseFromEnv();
try {
  const key = process.env.STRIPE_SECRET_KEY;
  const stripe = key ? createStripe({ secretKey: key, apiBase: process.env.STRIPE_API_BASE }) : null;
  const ran = await withLease(handle.db, "billing-jobs", 15 * 60_000, () => runBillingJobs({ db: handle.db, stripe, mailer: createMailer() }));
  console.log(ran ? `Billing jobs done (${stripe ? "Stripe" : "local"} mode).` : "Another process is running the billing jobs; nothing to do.");
} finally {
  await handle.close();
}
