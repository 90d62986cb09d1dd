import { z } from "zod";
import { parsePeriodKey, previousPeriod, periodContaining } from "@/domain/billing";
import { closePeriod } from "@/server/billing/close-period";
import { applyDunningEvent } from "@/server/billing/dunning";
import { invoiceIssuer } from "@/server/billing/invoice-issuer";
import { getInvoice, listInvoices, markInvoicePaid } from "@/server/billing/invoices";
import { id, page } from "../inputs";
import { billingProcedure, createTRPCRouter } from "../trpc";

export const periodKeyInput = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Periods look like 2026-11 (year-month)").transform(parsePeriodKey);

export const invoicesRouter = createTRPCRouter({
  list: billingProcedure
    .input(page.extend({ tenantId: id.optional(), status: z.enum(["draft", "open", "paid", "void", "uncollectible"]).optional(), period: periodKeyInput.optional() }))
    .query(({ ctx, input }) => ctx.platform((tx) => listInvoices(tx, { ...input, periodStart: input.period?.start }))),

  get: billingProcedure
    .input(z.object({ tenantId: id, invoiceId: id }))
    .query(async ({ ctx, input }) => ({ ...(await ctx.platform((tx) => getInvoice(tx, input.tenantId, input.invoiceId))), issuer: invoiceIssuer() })),

  /** Issues invoices for a finished month; defaults to last month. Running it again issues only what is missing. */
  closePeriod: billingProcedure
    .input(z.object({ period: periodKeyInput.optional() }))
    .mutation(({ ctx, input }) => closePeriod(ctx.db, input.period ?? previousPeriod(periodContaining(new Date())), ctx.actor)),

  markPaid: billingProcedure
    .input(z.object({ tenantId: id, invoiceId: id }))
    .mutation(({ ctx, input }) =>
      ctx.platform(async (tx) => {
        await markInvoicePaid(tx, ctx.actor, input.tenantId, input.invoiceId);
        await applyDunningEvent(tx, input.tenantId, { type: "paid", at: new Date() }, ctx.actor, ctx.mailer);
      }),
    ),
});
