"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { InvoiceStatusBadge } from "@/components/billing/invoice-status-badge";
import { formatDate, periodLabel } from "@/components/billing/periods";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { formatGbp } from "@/domain/billing";
import { useTRPC } from "@/trpc/react";

const PAGE_SIZE = 10;

export function TenantInvoicesCard({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const invoices = useQuery({ ...trpc.billing.invoices.queryOptions({ page, pageSize: PAGE_SIZE }), placeholderData: keepPreviousData });
  return (
    <Card title="Invoices">
      <ErrorNotice error={invoices.error} title="Couldn't load invoices" />
      {invoices.isPending ? (
        <LoadingRows rows={3} label="Loading invoices" />
      ) : invoices.data && invoices.data.rows.length === 0 ? (
        <EmptyState title="No invoices yet">Your first invoice is issued after the end of your first month on a plan.</EmptyState>
      ) : (
        invoices.data && (
          <>
            <DataTable
              caption="Your invoices, newest first"
              columns={[{ label: "Number" }, { label: "Month" }, { label: "Total", numeric: true }, { label: "Due" }, { label: "Status" }]}
              busy={invoices.isFetching}
            >
              {invoices.data.rows.map((i) => (
                <tr key={i.id} className="hover:bg-slate-50">
                  <td className="py-2 pr-4">
                    <Link href={`/t/${slug}/billing/invoices/${i.id}`} className="font-mono font-medium text-teal-800 hover:underline">
                      {i.number}
                    </Link>
                  </td>
                  <td className="py-2 pr-4">{periodLabel(new Date(i.periodStart))}</td>
                  <td className="py-2 pr-4 text-right tabular-nums">{i.internal ? <span>Nothing to pay <span className="text-slate-500">(notional {formatGbp(i.notionalTotalPence)})</span></span> : formatGbp(i.totalPence)}</td>
                  <td className="py-2 pr-4">{i.internal ? "—" : formatDate(i.dueAt)}</td>
                  <td className="py-2">
                    <InvoiceStatusBadge status={i.status} dueAt={i.dueAt} />
                  </td>
                </tr>
              ))}
            </DataTable>
            <Pagination page={page} pageSize={PAGE_SIZE} total={invoices.data.total} onPage={setPage} />
          </>
        )
      )}
    </Card>
  );
}
