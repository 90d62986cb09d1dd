import { and, eq, sql } from "drizzle-orm";
import { nextDunningState, periodContaining, planVersionForPeriod, type DunningEvent, type DunningState, type TenantNotice } from "@/domain/billing";
import { notFound } from "@/domain/errors";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import { withPlatform, type Database } from "@/server/db";
import { tenantBilling, tenants } from "@/server/db/schema";
import type { Mailer } from "@/server/mail/mailer";
import { overdueInvoices } from "./invoices";
import { planVersionsOf } from "./plans";

/** jsonb keeps dates as strings; the state machine wants Dates back. */
function revive(state: DunningState): DunningState {
  const fields = state as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { ...fields };
  for (const key of ["since", "requestedAt", "suspendedAt"]) if (typeof fields[key] === "string") out[key] = new Date(fields[key] as string);
  return out as unknown as DunningState;
}

const notices: Record<TenantNotice, { subject: string; text: string }> = {
  payment_failed: { subject: "Payment failed", text: "We could not collect your latest Longreach payment. Please update your payment method or pay the invoice." },
  final_notice: { subject: "Final notice before suspension", text: "Your Longreach account is still in arrears. The council may suspend your service; please pay now." },
  suspended: { subject: "Service suspended", text: "Your Longreach service is suspended for non-payment. Your devices' traffic is still received, but it is not shown or forwarded until the account is settled." },
  payment_received: { subject: "Payment received", text: "Thank you: your payment was received and your account is up to date." },
  reactivated: { subject: "Service reactivated", text: "Thank you for your payment: your Longreach service is active again." },
};

/**
 * Feeds one payment event into the tenant's dunning state machine and carries out what it decides:
 * notices by email, a request for staff approval, suspension or reactivation. Every step is audited,
 * in the caller's transaction.
 */
export async function applyDunningEvent(tx: Database, tenantId: string, event: DunningEvent, actor: Actor | null, mailer: Mailer) {
  const [row] = await tx
    .select({ billing: tenantBilling, tenantName: tenants.name, billingEmail: tenants.billingEmail, tenantStatus: tenants.status })
    .from(tenantBilling)
    .innerJoin(tenants, eq(tenants.id, tenantBilling.tenantId))
    .where(eq(tenantBilling.tenantId, tenantId))
    .for("update", { of: tenantBilling });
  if (!row || !row.billing.planId) throw notFound("A billing plan for this tenant");
  const policy = planVersionForPeriod(await planVersionsOf(tx, row.billing.planId), periodContaining(new Date()));
  const transition = nextDunningState(revive(row.billing.dunning), event, policy);
  if (transition.ignoredReason) return transition;
  await tx.update(tenantBilling).set({ dunning: transition.state, updatedAt: new Date() }).where(eq(tenantBilling.tenantId, tenantId));
  await recordAudit(tx, actor, { tenantId, action: `dunning.${event.type}`, targetType: "tenant", targetId: tenantId, details: { to: transition.state.status, actions: transition.actions.map((a) => a.type) } });
  for (const action of transition.actions) {
    if (action.type === "notify_tenant") {
      const notice = notices[action.notice];
      await mailer.send({ to: row.billingEmail, subject: `${notice.subject} · ${row.tenantName}`, text: notice.text });
    } else if (action.type === "suspend" && row.tenantStatus === "active") {
      await tx.update(tenants).set({ status: "suspended", updatedAt: new Date() }).where(eq(tenants.id, tenantId));
      await recordAudit(tx, actor, { tenantId, action: "tenant.suspended", targetType: "tenant", targetId: tenantId, details: { reason: "non-payment" } });
    } else if (action.type === "reactivate" && row.tenantStatus === "suspended") {
      await tx.update(tenants).set({ status: "active", updatedAt: new Date() }).where(eq(tenants.id, tenantId));
      await recordAudit(tx, actor, { tenantId, action: "tenant.active", targetType: "tenant", targetId: tenantId, details: { reason: "payment received" } });
    }
  }
  return transition;
}

/**
 * The periodic dunning pass: local invoices past their due date count as failed payments, and
 * past-due accounts whose grace period has run out move on (to approval, or suspension if the plan says so).
 */
export async function dunningSweep(db: Database, mailer: Mailer, now = new Date()) {
  const overdue = await withPlatform(db, (tx) => overdueInvoices(tx, now));
  for (const tenantId of new Set(overdue.map((o) => o.tenantId))) {
    await withPlatform(db, (tx) => applyDunningEvent(tx, tenantId, { type: "payment_failed", at: now }, null, mailer));
  }
  const pastDue = await withPlatform(db, (tx) =>
    tx.select({ tenantId: tenantBilling.tenantId }).from(tenantBilling).where(and(sql`${tenantBilling.dunning}->>'status' = 'past_due'`)),
  );
  for (const { tenantId } of pastDue) {
    await withPlatform(db, (tx) => applyDunningEvent(tx, tenantId, { type: "grace_elapsed", now }, null, mailer));
  }
}

/** Tenants whose suspension awaits a decision by billing staff. */
export async function suspensionsAwaitingApproval(tx: Database) {
  return tx
    .select({ tenantId: tenantBilling.tenantId, name: tenants.name, dunning: tenantBilling.dunning })
    .from(tenantBilling)
    .innerJoin(tenants, eq(tenants.id, tenantBilling.tenantId))
    .where(sql`${tenantBilling.dunning}->>'status' = 'suspension_pending_approval'`);
}
