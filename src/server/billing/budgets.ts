import { and, eq, isNotNull } from "drizzle-orm";
import { budgetThresholdsCrossed, formatGbp, periodContaining, periodKey } from "@/domain/billing";
import { recordAudit } from "@/server/audit/record-audit";
import { withPlatform, withTenant, type Database } from "@/server/db";
import { budgetAlerts, tenantBilling, tenants } from "@/server/db/schema";
import type { Mailer } from "@/server/mail/mailer";
import { estimateTenant } from "./rate-tenant";

/**
 * Compares each capped tenant's spend so far this period with its cap and emails an alert the first
 * time 50, 80 and 100 % are reached. The insert's primary key guarantees one alert per threshold.
 */
export async function checkBudgets(db: Database, mailer: Mailer, now = new Date()) {
  const capped = await withPlatform(db, (tx) =>
    tx.select({ tenantId: tenantBilling.tenantId, cap: tenantBilling.budgetCapPence, email: tenants.billingEmail, name: tenants.name })
      .from(tenantBilling).innerJoin(tenants, eq(tenants.id, tenantBilling.tenantId)).where(isNotNull(tenantBilling.budgetCapPence)),
  );
  const key = periodKey(periodContaining(now));
  for (const tenant of capped) {
    await withTenant(db, { tenantId: tenant.tenantId }, async (tx) => {
      const estimate = await estimateTenant(tx, tenant.tenantId, now);
      if (!estimate || tenant.cap === null) return;
      const spend = estimate.internal ? estimate.notionalTotalPence : estimate.totalPence;
      const alerted = await tx.select({ t: budgetAlerts.thresholdPercent }).from(budgetAlerts).where(and(eq(budgetAlerts.tenantId, tenant.tenantId), eq(budgetAlerts.periodKey, key)));
      const crossed = budgetThresholdsCrossed({ capPence: tenant.cap, currentSpendPence: spend, alreadyAlerted: alerted.map((a) => a.t) });
      for (const threshold of crossed) {
        const inserted = await tx.insert(budgetAlerts).values({ tenantId: tenant.tenantId, periodKey: key, thresholdPercent: threshold, spendPence: spend }).onConflictDoNothing().returning();
        if (!inserted.length) continue;
        await recordAudit(tx, null, { tenantId: tenant.tenantId, action: "billing.budget_alert", targetType: "tenant", targetId: tenant.tenantId, details: { threshold, spendPence: spend, capPence: tenant.cap } });
        await mailer.send({
          to: tenant.email,
          subject: `${tenant.name}: ${threshold}% of your monthly budget used`,
          text: `Spend so far in ${key} is ${formatGbp(spend)}, which is ${threshold}% of your ${formatGbp(tenant.cap)} budget.`,
        });
      }
    });
  }
}
