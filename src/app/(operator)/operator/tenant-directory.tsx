"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { SelectField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";
import { CreateTenantForm } from "./create-tenant-form";

const statusOptions = [
  { value: "", label: "All statuses" },
  { value: "pending", label: "Pending" },
  { value: "active", label: "Active" },
  { value: "suspended", label: "Suspended" },
  { value: "closed", label: "Closed" },
] as const;

type Status = "pending" | "active" | "suspended" | "closed";

export function TenantDirectory() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<Status | "">("");
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const deferredSearch = useDeferredValue(search);
  const list = useQuery({
    ...trpc.tenants.list.queryOptions({ search: deferredSearch || undefined, status: status || undefined, page, pageSize: 20 }),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader
        title="Tenants"
        description="Organisations using the council's network. Each one sees only its own devices and data."
        actions={!creating && <Button onClick={() => setCreating(true)}>New tenant</Button>}
      />
      {creating && <CreateTenantForm onClose={() => setCreating(false)} />}
      <Card>
        <div className="mb-4 grid gap-3 sm:grid-cols-[1fr_200px]">
          <TextField label="Search" type="search" placeholder="Name, handle or contact email" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} />
          <SelectField label="Status" options={statusOptions} value={status} onChange={(e) => { setStatus(e.target.value as Status | ""); setPage(1); }} />
        </div>
        <ErrorNotice error={list.error} title="Couldn't load tenants" />
        {list.isPending ? (
          <LoadingRows label="Loading tenants" />
        ) : list.data && list.data.rows.length === 0 ? (
          <EmptyState title={search || status ? "No tenants match" : "No tenants yet"} action={!search && !status && <Button onClick={() => setCreating(true)}>Onboard the first tenant</Button>}>
            {search || status ? "Try another search or status." : "Create a tenant, then invite its first admin."}
          </EmptyState>
        ) : (
          list.data && (
            <>
              <DataTable
                caption="Tenants"
                columns={[{ label: "Name" }, { label: "Status" }, { label: "Plan" }, { label: "Members" }, { label: "Contact" }]}
                scrollable={false}
              >
                {list.data.rows.map((tenant) => (
                  <tr key={tenant.id} className="hover:bg-slate-50">
                    <td className="py-2 pr-4">
                      <Link href={`/operator/tenants/${tenant.id}`} className="font-medium text-teal-800 hover:underline">
                        {tenant.name}
                      </Link>
                      <div className="text-xs text-slate-500">{tenant.slug}</div>
                    </td>
                    <td className="py-2 pr-4"><StatusBadge status={tenant.status} /></td>
                    <td className="py-2 pr-4">{tenant.planName ?? <span className="text-slate-400">—</span>}</td>
                    <td className="py-2 pr-4">{tenant.members}</td>
                    <td className="py-2">{tenant.contactEmail}</td>
                  </tr>
                ))}
              </DataTable>
              <Pagination page={page} pageSize={20} total={list.data.total} onPage={setPage} />
            </>
          )
        )}
      </Card>
    </>
  );
}
