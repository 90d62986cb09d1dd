import type { Metadata } from "next";
import { StaffInvoice } from "./staff-invoice";

export const metadata: Metadata = { title: "Invoice" };

export default async function StaffInvoicePage({ params }: { params: Promise<{ tenantId: string; invoiceId: string }> }) {
  const { tenantId, invoiceId } = await params;
  return <StaffInvoice tenantId={tenantId} invoiceId={invoiceId} />;
}
