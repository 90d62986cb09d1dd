"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { InvoiceDocument } from "@/components/billing/invoice-document";
import { retryUnlessRefused } from "@/components/billing/retry";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorNotice, LoadingRows, SuccessNotice } from "@/components/ui/states";
import { formatGbp } from "@/domain/billing";
import { useTRPC } from "@/trpc/react";

export function StaffInvoice({ tenantId, invoiceId }: { tenantId: string; invoiceId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invoice = useQuery({ ...trpc.invoices.get.queryOptions({ tenantId, invoiceId }), retry: retryUnlessRefused });
  const [confirming, setConfirming] = useState(false);
  const markPaid = useMutation(
    trpc.invoices.markPaid.mutationOptions({
      onSuccess() {
        setConfirming(false);
        void queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.incomeReports.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.billingAccounts.pathKey() });
      },
    }),
  );

  const back = (
    <Link href="/billing/invoices" className="text-sm font-medium text-teal-800 hover:underline print:hidden">
      ← All invoices
    </Link>
  );
  if (invoice.isPending) return <LoadingRows rows={6} label="Loading the invoice" />;
  if (invoice.error) {
    return (
      <div className="space-y-4">
        {back}
        <ErrorNotice error={invoice.error} title="Couldn't open this invoice" />
      </div>
    );
  }
  const data = invoice.data;
  const canMarkPaid = data.mode === "local" && data.status === "open";

  return (
    <div className="space-y-4">
      {back}
      <div aria-live="polite" className="empty:hidden print:hidden">
        {markPaid.isSuccess && <SuccessNotice>Payment recorded: {data.number} is paid, and the tenant&apos;s account is up to date.</SuccessNotice>}
      </div>
      <InvoiceDocument
        invoice={data}
        actions={
          canMarkPaid && (
            <Button onClick={() => { markPaid.reset(); setConfirming(true); }}>
              Mark paid
            </Button>
          )
        }
        paymentNote={data.mode === "stripe" && data.status === "open" && <p className="mt-2 print:hidden">Stripe marks this invoice paid when the payment succeeds; it cannot be marked paid here.</p>}
      />
      {confirming && (
        <ConfirmDialog
          open
          title={`Mark ${data.number} as paid?`}
          confirmLabel="Record payment"
          busy={markPaid.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => markPaid.mutate({ tenantId, invoiceId })}
        >
          <p>
            Record that {formatGbp(data.totalPence)} from {data.tenantName} has arrived (bank transfer or cheque). Only do this once the money is in the council&apos;s account: it closes the invoice,
            brings the tenant&apos;s account up to date and, if it was suspended for non-payment, reactivates it.
          </p>
          <ErrorNotice error={markPaid.error} />
        </ConfirmDialog>
      )}
    </div>
  );
}
