import type Stripe from "stripe";
import { taxAmount } from "./price-amount";

/** The taxes on one line: one entry per rate, each computed on the line amount and rounded half-up. */
export function lineTaxes(amount: number, rates: readonly Stripe.TaxRate[]): Stripe.InvoiceLineItem.Tax[] {
  return rates.map((rate) => ({
    amount: taxAmount(amount, rate),
    tax_behavior: rate.inclusive ? "inclusive" : "exclusive",
    tax_rate_details: { tax_rate: rate.id },
    taxability_reason: "standard_rated",
    taxable_amount: rate.inclusive ? amount - taxAmount(amount, rate) : amount,
    type: "tax_rate_details",
  }));
}

/**
 * Recomputes an invoice's amounts from its lines: subtotal, exclusive tax on top, inclusive tax carved
 * out, per-rate totals. `amount_due` never goes below 0 (a credit is not moved to the customer
 * balance; see README). `amount_remaining` keeps whatever was already paid.
 */
export function recomputeTotals(invoice: Stripe.Invoice): void {
  const taxes = sumTaxes(invoice.lines.data);
  const subtotal = invoice.lines.data.reduce((sum, line) => sum + line.amount, 0);
  const total = subtotal + taxes.exclusive;
  invoice.subtotal = subtotal;
  invoice.subtotal_excluding_tax = subtotal - taxes.inclusive;
  invoice.total_excluding_tax = subtotal - taxes.inclusive;
  invoice.total = total;
  invoice.total_taxes = taxes.byRate;
  invoice.amount_due = Math.max(0, total);
  invoice.amount_remaining = invoice.amount_due - invoice.amount_paid;
}

function sumTaxes(lines: readonly Stripe.InvoiceLineItem[]): { exclusive: number; inclusive: number; byRate: Stripe.Invoice.TotalTax[] } {
  const byRate = new Map<string, Stripe.Invoice.TotalTax>();
  let exclusive = 0;
  let inclusive = 0;
  for (const tax of lines.flatMap((line) => line.taxes ?? [])) {
    if (tax.tax_behavior === "inclusive") inclusive += tax.amount;
    else exclusive += tax.amount;
    const key = tax.tax_rate_details?.tax_rate ?? "";
    const current = byRate.get(key);
    if (current === undefined) byRate.set(key, { ...tax });
    else byRate.set(key, { ...current, amount: current.amount + tax.amount, taxable_amount: (current.taxable_amount ?? 0) + (tax.taxable_amount ?? 0) });
  }
  return { exclusive, inclusive, byRate: [...byRate.values()] };
}
