import { and, eq, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import { periodContaining } from "@/domain/billing";
import { recordAudit } from "@/server/audit/record-audit";
import { applyDunningEvent } from "@/server/billing/dunning";
import { issueInvoice } from "@/server/billing/invoices";
import { withPlatform, type Database } from "@/server/db";
import { invoices, stripeEvents, tenantBilling } from "@/server/db/schema";
import type { Mailer } from "@/server/mail/mailer";
import { draftOfPeriod } from "./draft-invoice";
import { addLateUsageItems } from "./late-usage-items";
import { addMinimumChargeTopUp } from "./minimum-charge";

export type WebhookResult = { status: 200 | 400; body: Record<string, unknown> };

/**
 * Verifies and applies one Stripe webhook. The event id is recorded in the same transaction as its
 * effects, so each event acts exactly once: a replay finds the id and does nothing, and a crash rolls
 * both back so Stripe's retry applies it then. Handlers never rely on arrival order: an invoice moves
 * only forward (open → paid/void), and a payment reported before its invoice creates that invoice.
 */
export async function handleStripeWebhook(db: Database, stripe: Stripe, rawBody: string, signature: string | null, secret: string, mailer: Mailer): Promise<WebhookResult> {
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(rawBody, signature ?? "", secret);
  } catch (error) {
    return { status: 400, body: { error: `Webhook signature verification failed: ${(error as Error).message}` } };
  }
  // Calls to Stripe happen before the transaction (never inside it) and are idempotent on their own,
  // so a crash here only means Stripe's retry repeats a no-op.
  if (event.type === "invoice.created") await completeDraft(db, stripe, event.data.object);
  return withPlatform(db, async (tx) => {
    const fresh = await tx.insert(stripeEvents).values({ id: event.id, type: event.type, createdAt: new Date(event.created * 1000) }).onConflictDoNothing().returning();
    if (!fresh.length) return { status: 200, body: { received: true, duplicate: true } };
    const outcome = await apply(tx, event, mailer);
    return { status: 200, body: { received: true, ...outcome } };
  });
}

/** What Stripe cannot compute itself goes onto a renewal's draft before Stripe finalizes it. */
async function completeDraft(db: Database, stripe: Stripe, draft: Stripe.Invoice) {
  const of = await draftOfPeriod(db, draft);
  if (!of) return;
  await addMinimumChargeTopUp(db, stripe, draft, of);
  await addLateUsageItems(db, stripe, draft, of);
}

async function apply(tx: Database, event: Stripe.Event, mailer: Mailer): Promise<Record<string, unknown>> {
  switch (event.type) {
    case "invoice.finalized":
    case "invoice.paid":
    case "invoice.payment_failed":
    case "invoice.voided":
    case "invoice.marked_uncollectible":
      return applyInvoiceEvent(tx, event.type, event.data.object, mailer);
    case "invoice.created":
      return { handled: "invoice.created" };
    case "customer.subscription.deleted": {
      const subscription = event.data.object;
      await tx.update(tenantBilling).set({ stripeSubscriptionId: null, stripeDeviceItemId: null, stripeUsageItemId: null, stripeSyncedPlan: null, stripeDeviceQuantity: null }).where(eq(tenantBilling.stripeSubscriptionId, subscription.id));
      return { handled: "subscription_deleted" };
    }
    case "checkout.session.completed": {
      const session = event.data.object;
      const tenantId = await tenantOfCustomer(tx, typeof session.customer === "string" ? session.customer : session.customer?.id);
      if (tenantId) await recordAudit(tx, null, { tenantId, action: "billing.payment_method_added", targetType: "stripe_checkout_session", targetId: session.id });
      return { handled: "checkout_completed" };
    }
    default:
      return { ignored: event.type };
  }
}

async function tenantOfCustomer(tx: Database, customerId: string | undefined | null) {
  if (!customerId) return null;
  const [row] = await tx.select({ tenantId: tenantBilling.tenantId }).from(tenantBilling).where(eq(tenantBilling.stripeCustomerId, customerId));
  return row?.tenantId ?? null;
}

async function applyInvoiceEvent(tx: Database, type: string, stripeInvoice: Stripe.Invoice, mailer: Mailer) {
  const tenantId = await tenantOfCustomer(tx, typeof stripeInvoice.customer === "string" ? stripeInvoice.customer : stripeInvoice.customer?.id);
  if (!tenantId) return { ignored: "unknown customer" };
  // A subscription invoice bills the period that just ended; its period_start falls inside it.
  const period = periodContaining(new Date(stripeInvoice.period_start * 1000));
  const issued = period.end <= new Date() ? await issueInvoice(tx, tenantId, period) : null;
  if (!issued) return { ignored: "no local invoice for that period" };
  const local = issued.invoice;
  const where = and(eq(invoices.tenantId, tenantId), eq(invoices.id, local.id));
  await tx.update(invoices).set({ mode: "stripe", stripeInvoiceId: stripeInvoice.id, stripeTotalPence: stripeInvoice.total }).where(where);

  if (type === "invoice.paid") {
    await tx.update(invoices).set({ status: "paid", paidAt: new Date(((stripeInvoice.status_transitions?.paid_at ?? Math.floor(Date.now() / 1000))) * 1000) }).where(and(where, inArray(invoices.status, ["draft", "open", "uncollectible"])));
    await applyDunningEvent(tx, tenantId, { type: "paid", at: new Date() }, null, mailer);
  } else if (type === "invoice.payment_failed") {
    await applyDunningEvent(tx, tenantId, { type: "payment_failed", at: new Date() }, null, mailer);
  } else if (type === "invoice.voided") {
    await tx.update(invoices).set({ status: "void" }).where(and(where, inArray(invoices.status, ["draft", "open", "uncollectible"])));
  } else if (type === "invoice.marked_uncollectible") {
    await tx.update(invoices).set({ status: "uncollectible" }).where(and(where, inArray(invoices.status, ["draft", "open"])));
  }
  await recordAudit(tx, null, { tenantId, action: `stripe.${type}`, targetType: "invoice", targetId: local.id, details: { stripeInvoiceId: stripeInvoice.id, total: stripeInvoice.total } });
  return { handled: type, invoice: local.number };
}
