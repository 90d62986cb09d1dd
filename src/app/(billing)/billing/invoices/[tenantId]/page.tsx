import { redirect } from "next/navigation";

/** An invoice's address minus its id leads back to the list of invoices. */
export default function TenantInvoicesIndexPage() {
  redirect("/billing/invoices");
}
