"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { InvoiceDocument } from "@/components/billing/invoice-document";
import { errorCode, retryUnlessRefused } from "@/components/billing/retry";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";
import { NoBillingAccess } from "../../no-billing-access";

export function TenantInvoice({ slug, invoiceId }: { slug: string; invoiceId: string }) {
  const trpc = useTRPC();
  const invoice = useQuery({ ...trpc.billing.invoice.queryOptions({ invoiceId }), retry: retryUnlessRefused });
  const back = (
    <Link href={`/t/${slug}/billing`} className="text-sm font-medium text-teal-800 hover:underline print:hidden">
      ← Billing
    </Link>
  );
  if (invoice.isPending) return <LoadingRows rows={6} label="Loading the invoice" />;
  const code = errorCode(invoice.error);
  if (invoice.error) {
    return (
      <div className="space-y-4">
        {back}
        {code === "FORBIDDEN" ? (
          <NoBillingAccess slug={slug} />
        ) : code === "NOT_FOUND" || code === "BAD_REQUEST" ? (
          <EmptyState title="Invoice not found">There is no such invoice for this organisation. Choose one from your list of invoices.</EmptyState>
        ) : (
          <ErrorNotice error={invoice.error} title="Couldn't open this invoice" />
        )}
      </div>
    );
  }
  return (
    <div className="space-y-4">
      {back}
      <InvoiceDocument invoice={invoice.data} />
    </div>
  );
}
