/**
 * Whether money moves through Stripe or through invoices numbered here and marked paid by staff changes
 * what every billing screen means, so it is stated on each of them.
 */
export function BillingModeBanner({ stripeMode, audience = "staff" }: { stripeMode: boolean; audience?: "staff" | "tenant" }) {
  const detail = stripeMode
    ? audience === "staff"
      ? "Card and Direct Debit payments and their retries are handled by Stripe; invoices are marked paid when Stripe reports the payment."
      : "Your saved card or Direct Debit is charged automatically each month."
    : audience === "staff"
      ? "Record bank transfers and cheques with “Mark paid” on the invoice."
      : "Pay each invoice by bank transfer, quoting its invoice number; the council's billing team records your payment.";
  return (
    <div
      role="note"
      aria-label="Billing mode"
      className={`mb-6 flex flex-wrap items-start gap-x-3 gap-y-1 rounded-md px-4 py-3 text-sm ring-1 ring-inset print:hidden ${stripeMode ? "bg-indigo-50 text-indigo-950 ring-indigo-200" : "bg-amber-50 text-amber-950 ring-amber-200"}`}
    >
      <span aria-hidden className={`mt-1 inline-block size-2.5 shrink-0 rounded-full ${stripeMode ? "bg-indigo-600" : "bg-amber-500"}`} />
      <p>
        <strong className="font-semibold">
          {stripeMode ? "Stripe mode — payments collected by Stripe" : "Local invoicing mode — Stripe is not configured; invoices are numbered here and marked paid by staff"}
        </strong>
        <span className="block text-xs opacity-80">{detail}</span>
      </p>
    </div>
  );
}
