"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useDeferredValue, useState } from "react";
import { RelativeTime } from "@/components/relative-time";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { SelectField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";
import { GatewayForm } from "./gateway-form";
import { GatewayStatusBadge, formatLocation } from "./gateway-status";

type Status = "online" | "offline";
const PAGE_SIZE = 20;
const count = new Intl.NumberFormat("en-GB");

const statusOptions = [
  { value: "", label: "Online and offline" },
  { value: "online", label: "Online" },
  { value: "offline", label: "Offline" },
] as const;

export function GatewayList({ initialStatus }: { initialStatus: Status | "" }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<Status | "">(initialStatus);
  const [page, setPage] = useState(1);
  const [registering, setRegistering] = useState(false);
  const deferredSearch = useDeferredValue(search);
  const list = useQuery({
    ...trpc.gateways.list.queryOptions({ search: deferredSearch || undefined, status: status || undefined, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const filtered = Boolean(search || status);

  return (
    <>
      <PageHeader
        title="Gateways"
        description="The council's gateways and those tenants host. Gateways the network hears for the first time are added automatically, named after their EUI."
        actions={!registering && <Button onClick={() => setRegistering(true)}>Register gateway</Button>}
      />
      {registering && (
        <Card title="Register a gateway" className="mb-6">
          <GatewayForm onDone={(eui) => router.push(`/operator/gateways/${encodeURIComponent(eui)}`)} onCancel={() => setRegistering(false)} />
        </Card>
      )}
      <Card>
        <div className="mb-4 grid gap-3 sm:grid-cols-[1fr_220px]">
          <TextField label="Search" type="search" placeholder="Name or EUI" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} />
          <SelectField label="Status" options={statusOptions} value={status} onChange={(e) => { setStatus(e.target.value as Status | ""); setPage(1); }} />
        </div>
        <ErrorNotice error={list.error} title="Couldn't load gateways" />
        {list.isPending ? (
          <LoadingRows label="Loading gateways" />
        ) : list.data && list.data.rows.length === 0 ? (
          filtered ? (
            <EmptyState title="No gateways match">Try another name, EUI or status.</EmptyState>
          ) : (
            <EmptyState title="No gateways yet" action={<Button onClick={() => setRegistering(true)}>Register the first gateway</Button>}>
              Register a gateway here, or <Link href="/operator/connections" className="text-teal-700 underline">connect a network server</Link>: every gateway it
              hears appears in this list.
            </EmptyState>
          )
        ) : (
          list.data && (
            <>
              <DataTable
                caption={status ? `Gateways, ${status} only` : "Gateways"}
                columns={[{ label: "Gateway" }, { label: "Status" }, { label: "Hosted by" }, { label: "Location" }, { label: "Uplinks, 1 h", numeric: true }, { label: "Uplinks, 24 h", numeric: true }]}
              >
                {list.data.rows.map((g) => (
                  <tr key={g.gatewayEui} className="hover:bg-slate-50">
                    <td className="py-2 pr-4">
                      <Link href={`/operator/gateways/${encodeURIComponent(g.gatewayEui)}`} className="font-medium text-teal-800 hover:underline">{g.name}</Link>
                      <div className="font-mono text-xs text-slate-500">{g.gatewayEui}</div>
                    </td>
                    <td className="py-2 pr-4">
                      <GatewayStatusBadge status={g.status} />
                      <div className="text-xs text-slate-500">
                        <span className="sr-only">Last heard </span>
                        <RelativeTime date={g.lastSeenAt} fallback="never heard" />
                      </div>
                    </td>
                    <td className="py-2 pr-4">{g.ownerName ?? <span className="text-slate-500">The council</span>}</td>
                    <td className="py-2 pr-4 font-mono text-xs">
                      {formatLocation(g.latitude, g.longitude) ?? <span className="font-sans text-slate-400">Not set</span>}
                      {g.locationSource === "network" && <span className="block font-sans text-slate-500">reported by the gateway</span>}
                    </td>
                    <td className="py-2 pr-4 text-right tabular-nums">{count.format(g.uplinksLastHour)}</td>
                    <td className="py-2 text-right tabular-nums">{count.format(g.uplinksLast24h)}</td>
                  </tr>
                ))}
              </DataTable>
              <p className="pt-3 text-xs text-slate-500">Uplinks are counted in whole hours, including the current one. A gateway is online if heard in the last 10 minutes.</p>
              <Pagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} />
            </>
          )
        )}
      </Card>
    </>
  );
}
