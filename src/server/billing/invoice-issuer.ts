import { env } from "@/env";

/** Who issues the invoices (the council), as configured; printed at the top of every invoice and statement. */
export function invoiceIssuer() {
  return { name: env.COUNCIL_NAME, service: "Longreach LoRaWAN network", contact: env.COUNCIL_BILLING_CONTACT, vatNumber: env.COUNCIL_VAT_NUMBER ?? null };
}
