"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatDate } from "@/components/billing/periods";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState, ErrorNotice, LoadingRows, SuccessNotice } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";

type Decision = { tenantId: string; name: string; approve: boolean };

/** jsonb keeps the dunning dates as strings. */
const dateField = (state: unknown, key: string) => {
  const value = (state as Record<string, unknown> | null)?.[key];
  return typeof value === "string" || value instanceof Date ? value : null;
};

/** Nothing is suspended for non-payment without a decision here (unless a plan opts into automatic suspension). */
export function SuspensionsCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const awaiting = useQuery(trpc.billingAccounts.awaitingSuspension.queryOptions());
  const [decision, setDecision] = useState<Decision | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const decide = useMutation(
    trpc.billingAccounts.decideSuspension.mutationOptions({
      onSuccess(_result, input) {
        setDone(input.approve ? `${decision?.name ?? "The tenant"} is suspended.` : `Suspension of ${decision?.name ?? "the tenant"} rejected; a fresh grace period has started.`);
        setDecision(null);
        void queryClient.invalidateQueries({ queryKey: trpc.billingAccounts.pathKey() });
      },
    }),
  );

  return (
    <Card title="Suspensions awaiting approval">
      <div aria-live="polite" className="mb-3 empty:hidden">
        {done && <SuccessNotice>{done}</SuccessNotice>}
      </div>
      <ErrorNotice error={awaiting.error} title="Couldn't load suspension requests" />
      {awaiting.isPending ? (
        <LoadingRows rows={2} label="Loading suspension requests" />
      ) : awaiting.data?.length === 0 ? (
        <EmptyState title="No suspensions waiting">Accounts whose grace period runs out unpaid appear here for a decision.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100">
          {awaiting.data?.map((s) => (
            <li key={s.tenantId} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div>
                <p className="font-medium text-slate-900">{s.name}</p>
                <p className="text-sm text-slate-600">
                  Unpaid since {formatDate(dateField(s.dunning, "since"))}; suspension requested {formatDate(dateField(s.dunning, "requestedAt"))}.
                </p>
              </div>
              <div className="flex gap-2">
                <Button variant="danger" onClick={() => { decide.reset(); setDecision({ tenantId: s.tenantId, name: s.name, approve: true }); }}>
                  Approve
                  <span className="sr-only"> suspension of {s.name}</span>
                </Button>
                <Button variant="secondary" onClick={() => { decide.reset(); setDecision({ tenantId: s.tenantId, name: s.name, approve: false }); }}>
                  Reject
                  <span className="sr-only"> suspension of {s.name}</span>
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {decision && (
        <ConfirmDialog
          open
          title={decision.approve ? `Suspend ${decision.name}?` : `Keep ${decision.name} running?`}
          confirmLabel={decision.approve ? "Approve suspension" : "Reject suspension"}
          danger={decision.approve}
          busy={decide.isPending}
          onCancel={() => setDecision(null)}
          onConfirm={() => decide.mutate({ tenantId: decision.tenantId, approve: decision.approve })}
        >
          {decision.approve ? (
            <p>
              The tenant is suspended straight away and emailed. Its members can still sign in and pay, and its devices&apos; traffic is still received, but it is not shown or forwarded until the
              account is paid — payment reactivates it automatically.
            </p>
          ) : (
            <p>
              The tenant stays active and its account returns to past due: a fresh grace period starts, and if it is still unpaid at the end, the suspension request comes back here.
            </p>
          )}
          <ErrorNotice error={decide.error} />
        </ConfirmDialog>
      )}
    </Card>
  );
}
