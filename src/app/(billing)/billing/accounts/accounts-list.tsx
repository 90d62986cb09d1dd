"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { Badge, StatusBadge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { SelectField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows, SuccessNotice } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";
import { AssignPlanDialog, type AccountRow } from "./assign-plan-dialog";

const dunningTones: Record<string, BadgeTone> = { current: "green", past_due: "amber", suspension_pending_approval: "red", suspended: "red" };
const dunningLabels: Record<string, string> = { current: "up to date", past_due: "past due", suspension_pending_approval: "suspension requested", suspended: "suspended (unpaid)" };

const PAGE_SIZE = 25;
const paymentOptions = [
  { value: "", label: "All accounts" },
  { value: "behind", label: "Payments behind" },
  { value: "no_plan", label: "No plan yet" },
] as const;
type PaymentsFilter = "behind" | "no_plan";

export function AccountsList() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [payments, setPayments] = useState<PaymentsFilter | "">("");
  const [page, setPage] = useState(1);
  const deferredSearch = useDeferredValue(search.trim());
  const accounts = useQuery({
    ...trpc.billingAccounts.list.queryOptions({ search: deferredSearch || undefined, payments: payments || undefined, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const filtered = Boolean(search.trim() || payments);
  const [editing, setEditing] = useState<AccountRow | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  return (
    <>
      <PageHeader title="Accounts" description="Each tenant's plan and how it pays: by card or Direct Debit through Stripe, or by invoice with a purchase order." />
      <div aria-live="polite" className="mb-4 empty:hidden">
        {message && <SuccessNotice>{message}</SuccessNotice>}
      </div>
      <Card>
        <div className="mb-4 grid gap-3 sm:grid-cols-[1fr_200px]">
          <TextField label="Search" type="search" placeholder="Tenant name" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} />
          <SelectField label="Payments" options={paymentOptions} value={payments} onChange={(e) => { setPayments(e.target.value as PaymentsFilter | ""); setPage(1); }} />
        </div>
        <ErrorNotice error={accounts.error} title="Couldn't load accounts" />
        {accounts.isPending ? (
          <LoadingRows rows={4} label="Loading accounts" />
        ) : accounts.data?.rows.length === 0 ? (
          filtered ? (
            <EmptyState title="No accounts match">Try another name, or show all accounts.</EmptyState>
          ) : (
            <EmptyState title="No tenants yet">Tenants are onboarded by operators; they appear here to be put on a plan.</EmptyState>
          )
        ) : (
          <>
            <DataTable
              caption="Tenants' billing set-up"
              busy={accounts.isFetching}
              columns={[{ label: "Tenant" }, { label: "Plan" }, { label: "Payment method" }, { label: "PO number" }, { label: "Terms" }, { label: "Payments" }, { label: "Actions", srOnly: true }]}
            >
              {accounts.data?.rows.map((a) => (
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
            {accounts.data && <Pagination page={page} pageSize={PAGE_SIZE} total={accounts.data.total} onPage={setPage} />}
          </>
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
