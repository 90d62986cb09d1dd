import type { Metadata } from "next";
import { TenantInvoice } from "./tenant-invoice";

export const metadata: Metadata = { title: "Invoice" };

export default async function TenantInvoicePage({ params }: { params: Promise<{ slug: string; invoiceId: string }> }) {
  const { slug, invoiceId } = await params;
  return <TenantInvoice slug={slug} invoiceId={invoiceId} />;
}
