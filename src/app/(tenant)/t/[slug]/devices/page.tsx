"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useDeferredValue, useState } from "react";
import { SyncBadge } from "@/components/provisioning/sync-badge";
import { RelativeTime } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { hasTenantRole } from "@/domain/tenancy/roles";
import { useTRPC } from "@/trpc/react";
import { formatBattery, formatEui, formatSignal } from "./device-format";
import { DeviceMap } from "./device-map";

type Sort = "lastSeen" | "name" | "newest";
const PAGE_SIZE = 20;
const linkButton = "inline-flex items-center rounded-md px-3.5 py-2 text-sm font-semibold shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2";

export default function DevicesPage() {
  const { slug } = useParams<{ slug: string }>();
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<Sort>("lastSeen");
  const [page, setPage] = useState(1);
  const deferredSearch = useDeferredValue(search.trim());
  const me = useQuery(trpc.workspace.current.queryOptions());
  const list = useQuery({ ...trpc.devices.list.queryOptions({ search: deferredSearch || undefined, sort, page, pageSize: PAGE_SIZE }), placeholderData: keepPreviousData });
  const ids = list.data?.rows.map((d) => d.id) ?? [];
  const sync = useQuery({
    ...trpc.deviceSync.states.queryOptions({ deviceIds: ids }),
    enabled: ids.length > 0,
    placeholderData: keepPreviousData,
    // Quick while a change is on its way, so "pending" turns to "in sync" in front of the person who made it.
    refetchInterval: (q) => (Object.values(q.state.data ?? {}).some((s) => s.state === "pending") ? 2_000 : 30_000),
  });
  const canEdit = me.data ? hasTenantRole(me.data.role, "member") : false;
  const base = `/t/${slug}/devices`;

  return (
    <>
      <PageHeader
        title="Devices"
        description="Sensors and other devices registered on the council's LoRaWAN network for your organisation."
        actions={
          canEdit && (
            <>
              <Link href={`${base}/import`} className={`${linkButton} bg-white text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50`}>
                Import CSV
              </Link>
              <Link href={`${base}/new`} className={`${linkButton} bg-teal-700 text-white hover:bg-teal-800`}>
                Register device
              </Link>
            </>
          )
        }
      />
      <DeviceMap slug={slug} canEdit={canEdit} suspended={me.data && me.data.status === "suspended"} />
      <Card>
        <form role="search" className="mb-4 flex flex-wrap items-end gap-4" onSubmit={(e) => e.preventDefault()}>
          <div className="min-w-64 flex-1">
            <label htmlFor="device-search" className="block text-sm font-medium text-slate-800">
              Search
            </label>
            <input
              id="device-search"
              type="search"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setPage(1);
              }}
              placeholder="Name, DevEUI or tag"
              className="mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-600"
            />
          </div>
          <div>
            <label htmlFor="device-sort" className="block text-sm font-medium text-slate-800">
              Sort by
            </label>
            <select
              id="device-sort"
              value={sort}
              onChange={(e) => {
                setSort(e.target.value as Sort);
                setPage(1);
              }}
              className="mt-1 block rounded-md border-0 py-2 pl-3 pr-8 text-sm shadow-sm ring-1 ring-inset ring-slate-300"
            >
              <option value="lastSeen">Last seen</option>
              <option value="name">Name</option>
              <option value="newest">Newest first</option>
            </select>
          </div>
        </form>
        <ErrorNotice error={list.error} title="Couldn't load devices" />
        {list.isPending ? (
          <LoadingRows rows={5} label="Loading devices" />
        ) : list.data && list.data.total === 0 ? (
          deferredSearch ? (
            <EmptyState title={`No devices match “${deferredSearch}”`}>Try part of the name, the DevEUI, or a tag.</EmptyState>
          ) : (
            <EmptyState
              title="No devices yet"
              action={canEdit && <Link href={`${base}/new`} className={`${linkButton} bg-teal-700 text-white hover:bg-teal-800`}>Register your first device</Link>}
            >
              {canEdit ? "Register devices one at a time, or import many from a spreadsheet." : "Devices your organisation registers will appear here."}
            </EmptyState>
          )
        ) : (
          list.data && (
            <>
              <DataTable
                caption={`Devices, sorted by ${sort === "lastSeen" ? "last seen" : sort === "name" ? "name" : "newest first"}`}
                columns={[{ label: "Name" }, { label: "DevEUI" }, { label: "Profile" }, { label: "Network" }, { label: "Last seen" }, { label: "Signal" }, { label: "Battery" }, { label: "Frame", numeric: true }]}
                busy={list.isFetching}
              >
                {list.data.rows.map((d) => (
                  <tr key={d.id} className="align-top">
                    <td className="py-2 pr-4">
                      <Link href={`${base}/${d.id}`} className="font-medium text-teal-800 hover:underline">
                        {d.name}
                      </Link>
                      {d.tags.length > 0 && (
                        <div className="mt-1 flex flex-wrap gap-1">
                          {d.tags.map((t) => (
                            <Badge key={t}>{t}</Badge>
                          ))}
                        </div>
                      )}
                    </td>
                    <td className="whitespace-nowrap py-2 pr-4 font-mono text-xs">{formatEui(d.devEui)}</td>
                    <td className="py-2 pr-4">{d.profileName ?? <span className="text-slate-400">none</span>}</td>
                    <td className="whitespace-nowrap py-2 pr-4">{sync.data?.[d.id] ? <SyncBadge state={sync.data[d.id]!.state} /> : <span className="text-slate-400">…</span>}</td>
                    <td className="whitespace-nowrap py-2 pr-4"><RelativeTime date={d.lastSeenAt} /></td>
                    <td className="whitespace-nowrap py-2 pr-4">{formatSignal(d.lastRssi, d.lastSnr)}</td>
                    <td className="py-2 pr-4">{formatBattery(d.batteryLevel)}</td>
                    <td className="py-2 text-right tabular-nums">{d.lastFCnt ?? "—"}</td>
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
