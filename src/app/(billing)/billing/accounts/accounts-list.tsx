"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Badge, StatusBadge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorNotice, LoadingRows, SuccessNotice } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";
import { AssignPlanDialog, type AccountRow } from "./assign-plan-dialog";

const dunningTones: Record<string, BadgeTone> = { current: "green", past_due: "amber", suspension_pending_approval: "red", suspended: "red" };
const dunningLabels: Record<string, string> = { current: "up to date", past_due: "past due", suspension_pending_approval: "suspension requested", suspended: "suspended (unpaid)" };

export function AccountsList() {
  const trpc = useTRPC();
  const accounts = useQuery(trpc.billingAccounts.list.queryOptions());
  const [editing, setEditing] = useState<AccountRow | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  return (
    <>
      <PageHeader title="Accounts" description="Each tenant's plan and how it pays: by card or Direct Debit through Stripe, or by invoice with a purchase order." />
      <div aria-live="polite" className="mb-4 empty:hidden">
        {message && <SuccessNotice>{message}</SuccessNotice>}
      </div>
      <Card>
        <ErrorNotice error={accounts.error} title="Couldn't load accounts" />
        {accounts.isPending ? (
          <LoadingRows rows={4} label="Loading accounts" />
        ) : accounts.data?.length === 0 ? (
          <EmptyState title="No tenants yet">Tenants are onboarded by operators; they appear here to be put on a plan.</EmptyState>
        ) : (
          <DataTable
            caption="Tenants' billing set-up"
            columns={[{ label: "Tenant" }, { label: "Plan" }, { label: "Payment method" }, { label: "PO number" }, { label: "Terms" }, { label: "Payments" }, { label: "Actions", srOnly: true }]}
          >
            {accounts.data?.map((a) => (
              <tr key={a.tenantId}>
                <td className="py-2 pr-4">
                  <span className="font-medium text-slate-900">{a.name}</span>
                  {a.status !== "active" && (
                    <span className="ml-2">
                      <StatusBadge status={a.status} />
                    </span>
                  )}
                </td>
                <td className="py-2 pr-4">{a.planName ?? <span className="text-slate-400">No plan</span>}</td>
                <td className="py-2 pr-4">
                  {!a.planId ? (
                    <span className="text-slate-400">—</span>
                  ) : a.paymentMethod === "stripe" ? (
                    <>
                      Stripe: card or Direct Debit
                      <div className="text-xs text-slate-500">{a.stripeCustomerId ? "Stripe customer set up" : "Not set up in Stripe yet"}</div>
                    </>
                  ) : (
                    "Invoice + PO (bank transfer)"
                  )}
                </td>
                <td className="py-2 pr-4">{a.poNumber ?? <span className="text-slate-400">—</span>}</td>
                <td className="py-2 pr-4">{a.planId ? `${a.paymentTermsDays} days` : <span className="text-slate-400">—</span>}</td>
                <td className="py-2 pr-4">{a.planId ? <Badge tone={dunningTones[a.dunningStatus] ?? "slate"}>{dunningLabels[a.dunningStatus] ?? a.dunningStatus}</Badge> : <span className="text-slate-400">—</span>}</td>
                <td className="py-2 text-right">
                  <Button variant="secondary" onClick={() => { setMessage(null); setEditing(a); }}>
                    {a.planId ? "Change plan" : "Assign plan"}
                    <span className="sr-only"> for {a.name}</span>
                  </Button>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
      {editing && (
        <AssignPlanDialog
          account={editing}
          onClose={() => setEditing(null)}
          onAssigned={(text) => {
            setEditing(null);
            setMessage(text);
          }}
        />
      )}
    </>
  );
}
