import { formatGbp } from "./money";

/**
 * What an invoice amounts to, the one way every screen shows it: the total to pay, or for an internal
 * plan's cross-charging statement (which charges nothing) the notional cost at the plan's prices.
 */
export interface InvoiceAmount {
  pence: number;
  notional: boolean;
}

export function invoiceAmount(invoice: { internal: boolean; totalPence: number; notionalTotalPence: number }): InvoiceAmount {
  return invoice.internal ? { pence: invoice.notionalTotalPence, notional: true } : { pence: invoice.totalPence, notional: false };
}

/** "£8.40", or "notional £8.40" for a cross-charging statement. */
export function formatInvoiceAmount(amount: InvoiceAmount): string {
  return amount.notional ? `notional ${formatGbp(amount.pence)}` : formatGbp(amount.pence);
}
