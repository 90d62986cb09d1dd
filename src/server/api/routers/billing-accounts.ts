import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { applyDunningEvent, suspensionsAwaitingApproval } from "@/server/billing/dunning";
import { assignPlan } from "@/server/billing/tenant-billing";
import { plans, tenantBilling, tenants } from "@/server/db/schema";
import { id } from "../inputs";
import { billingProcedure, createTRPCRouter } from "../trpc";

/** Billing staff's view of each tenant's billing set-up, and the suspension approvals they own. */
export const billingAccountsRouter = createTRPCRouter({
  list: billingProcedure.query(({ ctx }) =>
    ctx.platform((tx) =>
      tx
        .select({
          tenantId: tenants.id, name: tenants.name, status: tenants.status, planId: tenantBilling.planId, planName: plans.name,
          paymentMethod: tenantBilling.paymentMethod, poNumber: tenantBilling.poNumber, paymentTermsDays: tenantBilling.paymentTermsDays,
          dunningStatus: sql<string>`coalesce(${tenantBilling.dunning}->>'status', 'current')`, stripeCustomerId: tenantBilling.stripeCustomerId,
        })
        .from(tenants)
        .leftJoin(tenantBilling, eq(tenantBilling.tenantId, tenants.id))
        .leftJoin(plans, eq(plans.id, tenantBilling.planId))
        .orderBy(asc(tenants.name)),
    ),
  ),

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
