import { formatGbp, type InvoiceAmount as Amount } from "@/domain/billing";

/**
 * An invoice's amount as every billing screen shows it (from `invoiceAmount`, domain/billing): the
 * total, or "notional £8.40" for an internal plan's cross-charging statement, which charges nothing.
 */
export function InvoiceAmount({ amount }: { amount: Amount }) {
  if (!amount.notional) return <>{formatGbp(amount.pence)}</>;
  return (
    <span title="Internal cross-charging statement: the cost at the plan's prices; nothing to pay">
      <span className="text-slate-500">notional</span> {formatGbp(amount.pence)}
    </span>
  );
}
