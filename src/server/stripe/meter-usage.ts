import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { BillingPeriod } from "@/domain/billing";
import { withPlatform, type Database } from "@/server/db";
import { tenantBilling } from "@/server/db/schema";
import { usageMeter } from "./catalog";

/**
 * What Stripe's meter holds for a tenant's period (the billable credits it will invoice), read back with
 * the event-summaries API; null when the tenant is not billed through Stripe. Used by reconciliation.
 */
export function stripeMeterUsage(db: Database, stripe: Stripe, period: BillingPeriod) {
  return async (tenantId: string): Promise<number | null> => {
    const [billing] = await withPlatform(db, (tx) => tx.select({ customerId: tenantBilling.stripeCustomerId }).from(tenantBilling).where(eq(tenantBilling.tenantId, tenantId)));
    if (!billing?.customerId) return null;
    const meterId = await usageMeter(db, stripe);
    const summaries = await stripe.billing.meters.listEventSummaries(meterId, {
      customer: billing.customerId,
      start_time: Math.floor(period.start.getTime() / 1000),
      end_time: Math.floor(period.end.getTime() / 1000),
    });
    return summaries.data.reduce((sum, s) => sum + s.aggregated_value, 0);
  };
}
