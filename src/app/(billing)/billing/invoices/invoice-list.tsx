"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { InvoiceAmount } from "@/components/billing/invoice-amount";
import { InvoiceStatusBadge } from "@/components/billing/invoice-status-badge";
import { formatDate, lastPeriod, periodLabel, periodOptions, periodsBackFrom } from "@/components/billing/periods";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { SelectField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { invoiceAmount } from "@/domain/billing";
import { useTRPC } from "@/trpc/react";

type Status = "draft" | "open" | "paid" | "void" | "uncollectible";
const statusOptions = [
  { value: "", label: "All statuses" },
  { value: "open", label: "Open (unpaid)" },
  { value: "paid", label: "Paid" },
  { value: "uncollectible", label: "Uncollectible" },
  { value: "void", label: "Void" },
  { value: "draft", label: "Draft" },
];
const PAGE_SIZE = 20;

export function InvoiceList() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<Status | "">("");
  const [period, setPeriod] = useState("");
  const [page, setPage] = useState(1);
  const months = useMemo(() => [{ value: "", label: "All months" }, ...periodOptions(periodsBackFrom(lastPeriod(), 24))], []);
  const list = useQuery({
    ...trpc.invoices.list.queryOptions({ status: status || undefined, period: period || undefined, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const filtered = Boolean(status || period);

  return (
    <>
      <PageHeader title="Invoices" description="Every invoice and cross-charging statement issued, newest month first." />
      <Card>
        <div className="mb-4 grid gap-3 sm:grid-cols-2 lg:max-w-xl">
          <SelectField label="Status" options={statusOptions} value={status} onChange={(e) => { setStatus(e.target.value as Status | ""); setPage(1); }} />
          <SelectField label="Month" options={months} value={period} onChange={(e) => { setPeriod(e.target.value); setPage(1); }} />
        </div>
        <ErrorNotice error={list.error} title="Couldn't load invoices" />
        {list.isPending ? (
          <LoadingRows rows={5} label="Loading invoices" />
        ) : list.data && list.data.rows.length === 0 ? (
          <EmptyState title={filtered ? "No invoices match" : "No invoices yet"}>
            {filtered ? "Try another status or month." : "Invoices are issued when a month is closed on the dashboard."}
          </EmptyState>
        ) : (
          list.data && (
            <>
              <p aria-live="polite" className="sr-only">
                {list.data.total} {list.data.total === 1 ? "invoice" : "invoices"} found
              </p>
              <DataTable
                caption="Invoices"
                columns={[{ label: "Number" }, { label: "Tenant" }, { label: "Period" }, { label: "Total", numeric: true }, { label: "Issued" }, { label: "Due" }, { label: "Status" }, { label: "Collection" }]}
                busy={list.isFetching}
              >
                {list.data.rows.map((i) => (
                  <tr key={i.id} className="hover:bg-slate-50">
                    <td className="py-2 pr-4">
                      <Link href={`/billing/invoices/${i.tenantId}/${i.id}`} className="font-mono font-medium text-teal-800 hover:underline">
                        {i.number}
                      </Link>
                    </td>
                    <td className="py-2 pr-4">{i.tenantName}</td>
                    <td className="py-2 pr-4">{periodLabel(new Date(i.periodStart))}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">
                      <InvoiceAmount amount={invoiceAmount(i)} />
                    </td>
                    <td className="py-2 pr-4">{formatDate(i.issuedAt)}</td>
                    <td className="py-2 pr-4">{i.internal ? "—" : formatDate(i.dueAt)}</td>
                    <td className="py-2 pr-4">
                      <InvoiceStatusBadge status={i.status} dueAt={i.dueAt} />
                    </td>
                    <td className="py-2">{i.internal ? "Cross-charge" : i.mode === "stripe" ? "Stripe" : "Bank transfer"}</td>
                  </tr>
                ))}
              </DataTable>
              <Pagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} />
            </>
          )
        )}
      </Card>
    </>
  );
}
