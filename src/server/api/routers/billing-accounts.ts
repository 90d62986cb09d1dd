import { z } from "zod";
import { applyDunningEvent, suspensionsAwaitingApproval } from "@/server/billing/dunning";
import { listBillingAccounts } from "@/server/billing/billing-accounts";
import { assignPlan } from "@/server/billing/tenant-billing";
import { id, page, search } from "../inputs";
import { billingProcedure, createTRPCRouter } from "../trpc";

/** Billing staff's view of each tenant's billing set-up, and the suspension approvals they own. */
export const billingAccountsRouter = createTRPCRouter({
  list: billingProcedure
    .input(page.extend({ search, payments: z.enum(["no_plan", "behind"]).optional() }))
    .query(({ ctx, input }) => ctx.platform((tx) => listBillingAccounts(tx, input))),

  assignPlan: billingProcedure
    .input(
      z.object({
        tenantId: id,
        planId: id,
        paymentMethod: z.enum(["stripe", "invoice"]),
        poNumber: z.string().trim().max(40, "PO numbers are at most 40 characters").nullish().transform((v) => v || null),
        paymentTermsDays: z.number().int().min(0).max(120, "Payment terms are at most 120 days").default(30),
      }),
    )
    .mutation(({ ctx, input: { tenantId, ...terms } }) => ctx.platform((tx) => assignPlan(tx, ctx.actor, tenantId, terms))),

  awaitingSuspension: billingProcedure.query(({ ctx }) => ctx.platform((tx) => suspensionsAwaitingApproval(tx))),

  /** Nothing is suspended for non-payment without this decision (unless the plan opts into automatic suspension). */
  decideSuspension: billingProcedure
    .input(z.object({ tenantId: id, approve: z.boolean() }))
    .mutation(({ ctx, input }) =>
      ctx.platform((tx) =>
        applyDunningEvent(tx, input.tenantId, { type: input.approve ? "suspension_approved" : "suspension_rejected", at: new Date() }, ctx.actor, ctx.mailer),
      ),
    ),
});
