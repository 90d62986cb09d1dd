import { z } from "zod";
import { periodContaining } from "@/domain/billing";
import { deviceUsageCsv, invoicesCsv } from "@/server/billing/finance-exports";
import { incomeByMonth, incomeByTenant, outstandingInvoices, revenueByGateway, trafficByTenant } from "@/server/billing/income-reports";
import { reconcilePeriod } from "@/server/billing/reconciliation";
import { stripeMeterUsage } from "@/server/stripe/meter-usage";
import { getStripeSetup, stripeMode } from "@/server/stripe/stripe-setup";
import { billingProcedure, createTRPCRouter } from "../trpc";
import { periodKeyInput } from "./invoices";

export const incomeReportsRouter = createTRPCRouter({
  dashboard: billingProcedure.query(({ ctx }) =>
    ctx.platform(async (tx) => ({
      stripeMode: stripeMode(),
      byMonth: await incomeByMonth(tx),
      outstanding: await outstandingInvoices(tx),
      traffic: await trafficByTenant(tx),
    })),
  ),

  /** Net income of a month shared among the gateway areas that carried each tenant's traffic. */
  byGateway: billingProcedure.input(z.object({ period: periodKeyInput })).query(({ ctx, input }) => ctx.platform((tx) => revenueByGateway(tx, input.period))),

  byTenant: billingProcedure.input(z.object({ period: periodKeyInput })).query(({ ctx, input }) => ctx.platform((tx) => incomeByTenant(tx, input.period.start))),

  /** CSV for the council's finance system; the browser saves it as a file. */
  exportInvoices: billingProcedure
    .input(z.object({ from: periodKeyInput, to: periodKeyInput }))
    .query(({ ctx, input }) => ctx.platform(async (tx) => ({ filename: `longreach-invoices.csv`, csv: await invoicesCsv(tx, input.from.start, input.to.end) }))),

  exportDeviceUsage: billingProcedure
    .input(z.object({ period: periodKeyInput }))
    .query(({ ctx, input }) => ctx.platform(async (tx) => ({ filename: `longreach-device-usage.csv`, csv: await deviceUsageCsv(tx, input.period) }))),

  /** Every invoice of a period recomputed from raw uplinks and compared with what was billed. */
  reconcile: billingProcedure
    .input(z.object({ period: periodKeyInput.optional() }))
    .query(async ({ ctx, input }) => {
      const period = input.period ?? periodContaining(new Date());
      const stripe = (await getStripeSetup())?.stripe;
      const meter = stripe ? await stripeMeterUsage(ctx.db, stripe, period) : undefined;
      return ctx.platform((tx) => reconcilePeriod(tx, period, meter));
    }),
});
