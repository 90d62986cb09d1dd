import type Stripe from "stripe";
import type { BillingPeriod } from "@/domain/billing";
import type { Database } from "@/server/db";
import { usageMeter } from "./catalog";

/**
 * Reads back what Stripe's meter holds for a customer's period (the billable credits it will invoice),
 * with the event-summaries API. Used by reconciliation. The meter is looked up first, so the reader
 * needs no database of its own while reconciliation's transaction is open (embedded PGlite has one
 * connection, and a second transaction would wait for the first forever).
 */
export async function stripeMeterUsage(db: Database, stripe: Stripe, period: BillingPeriod) {
  const meterId = await usageMeter(db, stripe);
  return async (customerId: string): Promise<number> => {
    const summaries = await stripe.billing.meters.listEventSummaries(meterId, {
      customer: customerId,
      start_time: Math.floor(period.start.getTime() / 1000),
      end_time: Math.floor(period.end.getTime() / 1000),
    });
    return summaries.data.reduce((sum, s) => sum + s.aggregated_value, 0);
  };
}
