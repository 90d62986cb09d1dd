import { z } from "zod";
import { setPlanLimits } from "@/server/billing/plan-limits";
import { changePlanPrices, createPlan, listPlans } from "@/server/billing/plans";
import { id } from "../inputs";
import { periodKeyInput } from "./invoices";
import { billingProcedure, createTRPCRouter } from "../trpc";

const pence = (label: string) => z.number({ error: `${label} must be a number of pence` }).int(`${label} must be whole pence`).min(0, `${label} cannot be negative`).max(100_000_000, `${label} is too large`);

export const planPrices = z.object({
  vatRateBasisPoints: z.number().int().min(0, "VAT cannot be negative").max(10_000, "VAT is at most 100%").default(2000),
  deviceMonthlyFeePence: pence("Device fee"),
  allowanceCreditsPerDevice: z.number().int("Allowance must be whole credits").min(0, "Allowance cannot be negative").max(100_000_000),
  pricePer1000CreditsPence: pence("Price per 1,000 credits"),
  minimumMonthlyChargePence: pence("Minimum charge").default(0),
  paymentGraceDays: z.number().int().min(0, "Grace days cannot be negative").max(365, "Grace is at most 365 days").default(14),
  autoSuspend: z.boolean().default(false),
});

export const plansRouter = createTRPCRouter({
  list: billingProcedure.query(({ ctx }) => ctx.platform((tx) => listPlans(tx))),

  create: billingProcedure
    .input(z.object({ name: z.string().trim().min(2, "Give the plan a name").max(60, "Plan names are at most 60 characters"), kind: z.enum(["standard", "internal"]), prices: planPrices, startsFrom: periodKeyInput.optional() }))
    .mutation(({ ctx, input }) => ctx.platform((tx) => createPlan(tx, ctx.actor, input))),

  /** Device and gateway limits, applied to the tenants' organisations on the network server straight away. */
  setLimits: billingProcedure
    .input(
      z.object({
        planId: id,
        maxDevices: z.number({ error: "Enter the most devices as a whole number, or leave it empty for no limit." }).int("Enter a whole number of devices.").min(1, "Allow at least 1 device, or leave it empty for no limit.").max(1_000_000).nullable(),
        maxGateways: z.number({ error: "Enter the most gateways as a whole number, or leave it empty for no limit." }).int("Enter a whole number of gateways.").min(0, "Gateways cannot be negative (0 means none).").max(100_000).nullable(),
      }),
    )
    .mutation(({ ctx, input: { planId, ...limits } }) => ctx.platform((tx) => setPlanLimits(tx, ctx.actor, planId, limits))),

  /** New prices take effect from the start of the next billing period. */
  changePrices: billingProcedure
    .input(z.object({ planId: id, prices: planPrices }))
    .mutation(({ ctx, input }) => ctx.platform((tx) => changePlanPrices(tx, ctx.actor, input.planId, input.prices))),
});
