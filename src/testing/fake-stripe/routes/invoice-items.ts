import type Stripe from "stripe";
import { invalidParam } from "../api-error";
import { createInvoiceItem, type InvoiceItemRequest } from "../invoice-items";
import type { Params } from "../param-readers";
import { pathParam, route } from "../router";

/** Ways of pricing an item other than `amount`; refused rather than ignored, because ignoring them would change the total. */
const UNSUPPORTED_PRICING = ["price_data", "pricing", "quantity", "quantity_decimal", "unit_amount_decimal"] as const;

/** POST /v1/invoiceitems, GET /v1/invoiceitems/:id */
export const invoiceItemRoutes = [
  route("POST", "/v1/invoiceitems", parseCreate, (params, ctx): Stripe.InvoiceItem => createInvoiceItem(ctx.store, params, ctx.now())),
  route("GET", "/v1/invoiceitems/:id", () => ({}), (_params, ctx): Stripe.InvoiceItem => ctx.store.invoiceItem(pathParam(ctx, "id"))),
];

function parseCreate(p: Params): InvoiceItemRequest {
  const unsupported = UNSUPPORTED_PRICING.find((key) => p.has(key));
  if (unsupported !== undefined) {
    throw invalidParam(unsupported, `This fake Stripe only models amount-based invoice items; ${unsupported} is not supported (pass amount and currency).`);
  }
  const period = p.object("period");
  return {
    customer: p.requiredString("customer"),
    amount: p.requiredInt("amount"),
    currency: p.string("currency"),
    description: p.string("description"),
    discountable: p.bool("discountable"),
    invoice: p.string("invoice"),
    metadata: p.metadata(),
    period: period === undefined ? undefined : { start: period.requiredInt("start"), end: period.requiredInt("end") },
    subscription: p.string("subscription"),
    tax_rates: p.strings("tax_rates"),
  };
}
