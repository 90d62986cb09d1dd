import type Stripe from "stripe";
import { invalidRequest } from "../api-error";
import { finalizeInvoice } from "../invoicing";
import { listPage, newestFirst, readPagination } from "../list";
import { pathParam, route } from "../router";

const STATUSES = ["draft", "open", "paid", "uncollectible", "void"] as const;

/** GET /v1/invoices, GET /v1/invoices/:id, POST /v1/invoices/:id/finalize, POST /v1/invoices/:id/pay, POST /v1/invoices/:id/void */
export const invoiceRoutes = [
  route(
    "GET",
    "/v1/invoices",
    (p): Stripe.InvoiceListParams => ({
      ...readPagination(p),
      customer: p.string("customer"),
      subscription: p.string("subscription"),
      status: p.oneOf("status", STATUSES),
    }),
    (params, ctx): Stripe.ApiList<Stripe.Invoice> => {
      const matches = newestFirst(ctx.store.invoices.values()).filter(
        (invoice) =>
          (params.customer === undefined || invoice.customer === params.customer) &&
          (params.subscription === undefined || invoice.parent?.subscription_details?.subscription === params.subscription) &&
          (params.status === undefined || invoice.status === params.status),
      );
      return listPage(matches, params, ctx.path);
    },
  ),
  route("GET", "/v1/invoices/:id", () => ({}), (_params, ctx): Stripe.Invoice => ctx.store.invoice(pathParam(ctx, "id"))),
  route(
    "POST",
    "/v1/invoices/:id/finalize",
    (p): Stripe.InvoiceFinalizeInvoiceParams => ({ auto_advance: p.bool("auto_advance") }),
    (params, ctx): Stripe.Invoice => finalizeInvoice(ctx.store, pathParam(ctx, "id"), ctx.now(), params),
  ),
  route(
    "POST",
    "/v1/invoices/:id/pay",
    (p): Stripe.InvoicePayParams => ({ paid_out_of_band: p.bool("paid_out_of_band"), payment_method: p.string("payment_method") }),
    (params, ctx): Stripe.Invoice => {
      const invoice = ctx.store.invoice(pathParam(ctx, "id"));
      if (invoice.status !== "open") throw invalidRequest(`Invoice ${invoice.id} is ${invoice.status}; only open invoices can be paid.`, { code: "invoice_not_editable" });
      const subscriptionId = invoice.parent?.subscription_details?.subscription;
      const subscription = typeof subscriptionId === "string" ? ctx.store.subscriptions.get(subscriptionId) : undefined;
      const customer = ctx.store.customer(String(invoice.customer));
      const paymentMethod = params.payment_method ?? subscription?.default_payment_method ?? customer.invoice_settings.default_payment_method;
      if (!params.paid_out_of_band && paymentMethod === null) {
        throw invalidRequest("This customer has no attached payment source or default payment method.", { code: "resource_missing", param: "payment_method" });
      }
      const now = ctx.now();
      invoice.status = "paid";
      invoice.amount_paid = invoice.amount_due;
      invoice.amount_remaining = 0;
      invoice.amount_paid_off_stripe = params.paid_out_of_band ? invoice.amount_due : 0;
      invoice.status_transitions = { ...invoice.status_transitions, paid_at: now };
      if (subscription?.status === "past_due" && subscription.latest_invoice === invoice.id) subscription.status = "active";
      return invoice;
    },
  ),
  route("POST", "/v1/invoices/:id/void", (): Stripe.InvoiceVoidInvoiceParams => ({}), (_params, ctx): Stripe.Invoice => {
    const invoice = ctx.store.invoice(pathParam(ctx, "id"));
    if (invoice.status !== "open") throw invalidRequest(`Invoice ${invoice.id} is ${invoice.status}; only open invoices can be voided.`, { code: "invoice_not_editable" });
    invoice.status = "void";
    invoice.status_transitions = { ...invoice.status_transitions, voided_at: ctx.now() };
    return invoice;
  }),
];
