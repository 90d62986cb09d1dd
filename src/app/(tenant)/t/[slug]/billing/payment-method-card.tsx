"use client";

import { useMutation } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorNotice, SuccessNotice } from "@/components/ui/states";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";

type Account = NonNullable<inferRouterOutputs<AppRouter>["billing"]["overview"]["account"]>;

/** How the organisation pays: Stripe (card / Direct Debit, owners manage it) or bank transfer against invoices. */
export function PaymentMethodCard({ stripeMode, isOwner, account, internal }: { stripeMode: boolean; isOwner: boolean; account: Account; internal: boolean }) {
  const trpc = useTRPC();
  const [returned, setReturned] = useState(false);
  useEffect(() => {
    // Stripe Checkout sends the owner back with ?payment_method=saved.
    setReturned(new URLSearchParams(window.location.search).get("payment_method") === "saved");
  }, []);
  const redirect = { onSuccess: (result: { url: string | null }) => result.url && window.location.assign(result.url) };
  const checkout = useMutation(trpc.billing.startCheckout.mutationOptions(redirect));
  const portal = useMutation(trpc.billing.openPortal.mutationOptions(redirect));
  const leaving = (checkout.isSuccess && checkout.data.url) || (portal.isSuccess && portal.data.url);

  if (internal) {
    return (
      <Card title="Payment">
        <p className="text-sm text-slate-600">As a council department you are not invoiced: monthly statements show the notional cost, which is cross-charged internally. There is nothing to pay.</p>
      </Card>
    );
  }

  const terms = (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
      <dt className="text-slate-500">Pays by</dt>
      <dd>{account.paymentMethod === "stripe" ? "Card or Direct Debit (Stripe)" : "Invoice, by bank transfer"}</dd>
      <dt className="text-slate-500">Payment terms</dt>
      <dd>{account.paymentTermsDays} days from the invoice date</dd>
      <dt className="text-slate-500">PO number</dt>
      <dd>{account.poNumber ?? <span className="text-slate-400">None — ask the council&apos;s billing team to add one</span>}</dd>
    </dl>
  );

  return (
    <Card title="Payment method">
      <div className="space-y-4">
        {terms}
        {stripeMode ? (
          <>
            <p className="text-sm text-slate-600">
              Payments are collected by Stripe. Save a card or set up a Direct Debit and each month&apos;s invoice is paid automatically; you can change or remove it in Stripe&apos;s billing portal.
            </p>
            <div aria-live="polite" className="space-y-2 empty:hidden">
              {returned && <SuccessNotice>Thank you — your payment method was saved with Stripe.</SuccessNotice>}
              {leaving && <p className="text-sm text-slate-600">Taking you to Stripe…</p>}
              <ErrorNotice error={checkout.error ?? portal.error} title="Couldn't open Stripe" />
            </div>
            {isOwner ? (
              <div className="flex flex-wrap gap-2">
                <Button busy={checkout.isPending || Boolean(checkout.isSuccess && leaving)} disabled={portal.isPending} onClick={() => { portal.reset(); checkout.mutate(); }}>
                  Add card or Direct Debit
                </Button>
                <Button variant="secondary" busy={portal.isPending || Boolean(portal.isSuccess && leaving)} disabled={checkout.isPending} onClick={() => { checkout.reset(); portal.mutate(); }}>
                  Manage payments
                </Button>
              </div>
            ) : (
              <p className="text-sm text-slate-500">Only an owner of this organisation can change how it pays.</p>
            )}
          </>
        ) : (
          <p className="text-sm text-slate-600">
            Invoices are issued here at the start of each month for the month before. Pay each one by bank transfer to the council, <strong>quoting the invoice number</strong> (for example
            LR-2026-000123) as the payment reference, within {account.paymentTermsDays} days. The council&apos;s billing team marks it paid when the money arrives.
          </p>
        )}
      </div>
    </Card>
  );
}
