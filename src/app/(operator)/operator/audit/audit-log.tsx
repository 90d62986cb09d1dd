"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { auditActorLabel } from "@/domain/identity/audit-actor";
import { useTRPC } from "@/trpc/react";
import { auditEmptyState } from "./audit-empty-state";

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium" });
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function AuditLog({ initialTenantId }: { initialTenantId?: string }) {
  const trpc = useTRPC();
  const [action, setAction] = useState("");
  const [actor, setActor] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [page, setPage] = useState(1);
  const filters = useDeferredValue({ action, actor, from, to });
  const tenantId = initialTenantId && uuidPattern.test(initialTenantId) ? initialTenantId : undefined;
  const log = useQuery({
    ...trpc.audit.list.queryOptions({
      tenantId,
      action: filters.action || undefined,
      actor: filters.actor || undefined,
      from: filters.from ? new Date(`${filters.from}T00:00:00Z`) : undefined,
      to: filters.to ? new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000) : undefined,
      page,
      pageSize: 25,
    }),
    placeholderData: keepPreviousData,
  });
  const empty = auditEmptyState({ filtered: Boolean(filters.action || filters.actor || filters.from || filters.to), tenantScoped: Boolean(tenantId) });
  const onFilter = (set: (v: string) => void) => (e: React.ChangeEvent<HTMLInputElement>) => {
    set(e.target.value);
    setPage(1);
  };
  return (
    <>
      <PageHeader title="Audit log" description={tenantId ? "Actions for one tenant." : "Every administrative action, newest first."} />
      <Card>
        <div className="mb-4 grid gap-3 sm:grid-cols-4">
          <TextField label="Action" placeholder="e.g. tenant.suspended" value={action} onChange={onFilter(setAction)} />
          <TextField label="Who" placeholder="email or API key name" value={actor} onChange={onFilter(setActor)} />
          <TextField label="From" type="date" value={from} onChange={onFilter(setFrom)} />
          <TextField label="To" type="date" value={to} onChange={onFilter(setTo)} />
        </div>
        <ErrorNotice error={log.error} />
        {log.isPending ? (
          <LoadingRows rows={8} label="Loading audit log" />
        ) : log.data?.rows.length === 0 ? (
          <EmptyState title={empty.title}>{empty.hint}</EmptyState>
        ) : (
          log.data && (
            <>
              <DataTable
                caption="Audit log entries"
                columns={[{ label: "When" }, { label: "Who" }, { label: "Action" }, { label: "Tenant" }, { label: "Details" }]}
                scrollable={false}
              >
                {log.data.rows.map((row) => (
                  <tr key={row.id}>
                    <td className="whitespace-nowrap py-2 pr-4">{dateTime.format(row.at)}</td>
                    <td className="py-2 pr-4">{auditActorLabel(row)}</td>
                    <td className="py-2 pr-4 font-mono text-xs">{row.action}</td>
                    <td className="py-2 pr-4">{row.tenantName ?? "—"}</td>
                    <td className="py-2 font-mono text-xs text-slate-600">{Object.keys(row.details).length ? JSON.stringify(row.details) : ""}</td>
                  </tr>
                ))}
              </DataTable>
              <Pagination page={page} pageSize={25} total={log.data.total} onPage={setPage} />
            </>
          )
        )}
      </Card>
    </>
  );
}
