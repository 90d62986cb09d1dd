"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { lastPeriod, periodKey, periodLabelForKey, periodOptions, periodsBackFrom } from "@/components/billing/periods";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { SelectField } from "@/components/ui/field";
import { ErrorNotice } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";

/** Issues the invoices for a finished month. Running it again only issues what is missing. */
export function ClosePeriodCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = useMemo(() => periodOptions(periodsBackFrom(lastPeriod(), 12)), []);
  const [period, setPeriod] = useState(() => periodKey(lastPeriod()));
  const [confirming, setConfirming] = useState(false);
  const close = useMutation(
    trpc.invoices.closePeriod.mutationOptions({
      onSuccess() {
        setConfirming(false);
        void queryClient.invalidateQueries({ queryKey: trpc.incomeReports.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() });
      },
    }),
  );
  const summary = close.data;

  return (
    <Card title="Close a billing period">
      <div className="space-y-4">
        <p className="text-sm text-slate-600">
          Issues an invoice (or, for internal plans, a cross-charging statement) to every tenant with a plan, numbered in sequence and priced from the hourly usage rollups. Tenants already invoiced
          for the month are skipped, so it is safe to run again.
        </p>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            close.reset();
            setConfirming(true);
          }}
        >
          <div className="min-w-56 flex-1">
            <SelectField label="Month to close" name="period" options={options} value={period} onChange={(e) => setPeriod(e.target.value)} />
          </div>
          <Button type="submit" busy={close.isPending}>
            Close {periodLabelForKey(period)}…
          </Button>
        </form>

        <div aria-live="polite" className="space-y-3">
          {close.isPending && <p className="text-sm text-slate-600">Issuing invoices for {periodLabelForKey(period)}; this takes a moment per tenant…</p>}
          {!confirming && <ErrorNotice error={close.error} title={`Couldn't close ${periodLabelForKey(period)}`} />}
          {summary && (
            <div role="status" className={`rounded-md px-4 py-3 text-sm ring-1 ring-inset ${summary.failed.length ? "bg-amber-50 text-amber-950 ring-amber-200" : "bg-emerald-50 text-emerald-950 ring-emerald-200"}`}>
              <p className="font-semibold">{periodLabelForKey(summary.period)} closed.</p>
              <ul className="mt-1 list-inside list-disc">
                <li>
                  <strong data-testid="close-issued">{summary.issued}</strong> {summary.issued === 1 ? "invoice" : "invoices"} issued
                </li>
                <li>
                  <strong>{summary.alreadyIssued}</strong> already issued before (left unchanged)
                </li>
                <li>
                  <strong>{summary.failed.length}</strong> failed{summary.failed.length ? ":" : ""}
                  {summary.failed.length > 0 && (
                    <ul className="ml-5 list-disc">
                      {summary.failed.map((f) => (
                        <li key={f.tenantId}>
                          {f.tenantName}: {f.error}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              </ul>
              {summary.failed.length > 0 && <p className="mt-2">Fix the problem (often a plan with no prices for that month), then close the month again: only the missing invoices are issued.</p>}
            </div>
          )}
        </div>
      </div>

      {confirming && (
        <ConfirmDialog
          open
          title={`Issue invoices for ${periodLabelForKey(period)}?`}
          confirmLabel="Issue invoices"
          busy={close.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => close.mutate({ period })}
        >
          <p>
            Every tenant with a plan and no invoice for {periodLabelForKey(period)} yet is invoiced now, from their usage in that month. Invoice numbers are taken in sequence and an issued invoice cannot be
            changed.
          </p>
          <p className="mt-2">Local-mode invoices become due after each tenant&apos;s payment terms; tenants see them in their billing page straight away.</p>
          <ErrorNotice error={close.error} />
        </ConfirmDialog>
      )}
    </Card>
  );
}
