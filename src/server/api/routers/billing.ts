import { z } from "zod";
import { periodContaining } from "@/domain/billing";
import { invoiceIssuer } from "@/server/billing/invoice-issuer";
import { getInvoice, listInvoices } from "@/server/billing/invoices";
import { estimateTenant } from "@/server/billing/rate-tenant";
import { getTenantBilling, setBudgetCap } from "@/server/billing/tenant-billing";
import { tenantDailyUsage } from "@/server/billing/tenant-usage";
import { invalid } from "@/domain/errors";
import { openBillingPortal, startPaymentMethodCheckout } from "@/server/stripe/payment-sessions";
import { getStripeSetup, stripeMode } from "@/server/stripe/stripe-setup";
import { id, page } from "../inputs";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const DAY_MS = 86_400_000;

async function requireStripe() {
  const setup = await getStripeSetup();
  if (!setup) throw invalid("Online payments are not enabled: Longreach runs in local invoicing mode (no STRIPE_SECRET_KEY).");
  return setup.stripe;
}

/** A tenant's own billing: owners and admins see plan, spend so far, invoices and budget. */
export const billingRouter = createTRPCRouter({
  overview: tenantProcedure("admin").query(({ ctx }) =>
    ctx.inTenant(async (tx) => {
      const now = new Date();
      return {
        stripeMode: stripeMode(),
        account: await getTenantBilling(tx, ctx.tenant.id),
        estimate: await estimateTenant(tx, ctx.tenant.id, now),
        dailyUsage: await tenantDailyUsage(tx, ctx.tenant.id, periodContaining(now).start, new Date(now.getTime() + DAY_MS)),
      };
    }),
  ),

  invoices: tenantProcedure("admin")
    .input(page)
    .query(({ ctx, input }) => ctx.inTenant((tx) => listInvoices(tx, { ...input, tenantId: ctx.tenant.id }))),

  invoice: tenantProcedure("admin")
    .input(z.object({ invoiceId: id }))
    .query(async ({ ctx, input }) => ({ ...(await ctx.inTenant((tx) => getInvoice(tx, ctx.tenant.id, input.invoiceId))), issuer: invoiceIssuer() })),

  /** Stripe Checkout (setup mode) to save a card or Direct Debit mandate; Stripe mode only. */
  startCheckout: tenantProcedure("owner").mutation(({ ctx }) =>
    ctx.inTenant(async (tx) => startPaymentMethodCheckout(tx, await requireStripe(), ctx.tenant.id, `${ctx.appUrl}/t/${ctx.tenant.slug}/billing`)),
  ),

  openPortal: tenantProcedure("owner").mutation(({ ctx }) =>
    ctx.inTenant(async (tx) => openBillingPortal(tx, await requireStripe(), ctx.tenant.id, `${ctx.appUrl}/t/${ctx.tenant.slug}/billing`)),
  ),

  setBudget: tenantProcedure("admin")
    .input(z.object({ capPence: z.number().int("Budgets are whole pence").min(100, "A budget is at least £1.00").max(100_000_000).nullable() }))
    .mutation(({ ctx, input }) => ctx.inTenant((tx) => setBudgetCap(tx, ctx.actor, ctx.tenant.id, input.capPence))),
});
