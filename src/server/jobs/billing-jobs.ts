import { eq, isNotNull } from "drizzle-orm";
import type Stripe from "stripe";
import { checkBudgets } from "@/server/billing/budgets";
import { dunningSweep } from "@/server/billing/dunning";
import { withPlatform, type Database } from "@/server/db";
import { tenantBilling, tenants } from "@/server/db/schema";
import type { Mailer } from "@/server/mail/mailer";
import { syncTenantToStripe } from "@/server/stripe/sync-tenant";
import { reportUsage } from "@/server/stripe/usage-reporter";

export interface BillingJobDeps { db: Database; stripe: Stripe | null; mailer: Mailer; log?: (line: string) => void }

/**
 * One pass of the periodic billing work, each step safe to repeat: bring Stripe in line with each
 * tenant (Stripe mode), report usage to the meter, move payment arrears along, and send budget alerts.
 * A failure in one tenant's Stripe sync is logged and does not stop the others.
 */
export async function runBillingJobs({ db, stripe, mailer, log = console.info }: BillingJobDeps, now = new Date()) {
  if (stripe) {
    const billed = await withPlatform(db, (tx) =>
      tx.select({ tenantId: tenantBilling.tenantId, name: tenants.name }).from(tenantBilling).innerJoin(tenants, eq(tenants.id, tenantBilling.tenantId)).where(isNotNull(tenantBilling.planId)),
    );
    for (const tenant of billed) {
      await syncTenantToStripe(db, stripe, tenant.tenantId, now).catch((error: Error) => log(`billing: Stripe sync for ${tenant.name} failed: ${error.message}`));
    }
    const usage = await reportUsage(db, stripe, now);
    if (usage.sent || usage.failed) log(`billing: usage reports sent ${usage.sent}, already delivered ${usage.alreadyDelivered}, failed ${usage.failed}`);
  }
  await dunningSweep(db, mailer, now);
  await checkBudgets(db, mailer, now);
}
