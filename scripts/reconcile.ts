/**
 * `npm run reconcile -- 2026-11`: recomputes every invoice of a month from the raw uplinks and compares
 * it with what was billed (and, in Stripe mode, with what the Stripe meter holds). Exits 1 on any difference.
 */
import { formatInvoiceAmount, parsePeriodKey, periodContaining, periodKey } from "../src/domain/billing";
import { reconcilePeriod } from "../src/server/billing/reconciliation";
import { withPlatform } from "../src/server/db/scopes";
import { stripeMeterUsage } from "../src/server/stripe/meter-usage";
import { createStripe } from "../src/server/stripe/stripe-client";
import { openDatabaseFromEnv } from "./lib/database-from-env";

const arg = process.argv[2];
const period = arg ? parsePeriodKey(arg) : periodContaining(new Date());
const handle = await openDatabaseFromEnv();
try {
  const key = process.env.STRIPE_SECRET_KEY;
  const stripe = key ? createStripe({ secretKey: key, apiBase: process.env.STRIPE_API_BASE }) : null;
  const meter = stripe ? await stripeMeterUsage(handle.db, stripe, period) : undefined;
  const results = await withPlatform(handle.db, (tx) => reconcilePeriod(tx, period, meter));
  console.log(`Reconciliation for ${periodKey(period)}: ${results.length} invoice(s)`);
  for (const r of results) {
    const settledOn = r.lateUsageLines.map((l) => l.invoiceNumber ?? `the ${l.settledPeriodKey} invoice`).join(", ");
    const result = r.outcome === "matches" ? "OK" : r.outcome === "settled" ? `OK, late usage settled on ${settledOn}` : "DIFFERS";
    console.log(`  ${r.number}  billed ${formatInvoiceAmount(r.billed).padStart(20)}  recomputed ${formatInvoiceAmount(r.recomputed).padStart(20)}  ${result}`);
    if (!r.matches) console.log(`    ${JSON.stringify({ lines: r.comparison.lines, totals: r.comparison.totals, stripe: r.stripe })}`);
  }
  process.exitCode = results.every((r) => r.matches) ? 0 : 1;
} finally {
  await handle.close();
}
