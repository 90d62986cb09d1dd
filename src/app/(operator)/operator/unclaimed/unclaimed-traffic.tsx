"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { RelativeTime } from "@/components/relative-time";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";

const PAGE_SIZE = 25;
const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
const count = new Intl.NumberFormat("en-GB");
const sources = { chirpstack: "ChirpStack", tts: "The Things Stack" } as const;

export function UnclaimedTraffic() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const deferredSearch = useDeferredValue(search.trim());
  const list = useQuery({
    ...trpc.unclaimedTraffic.list.queryOptions({ search: deferredSearch || undefined, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  // A search that cannot be the start of a DevEUI is the search field's problem, not the page's.
  const searchError = list.error?.data?.code === "BAD_REQUEST" ? list.error.message : undefined;

  return (
    <>
      <PageHeader
        title="Unclaimed traffic"
        description="Devices the network hears that no tenant has registered: the sales pipeline of the network, devices in range whose owners are not yet customers."
      />
      <Card>
        <div className="mb-4 max-w-md">
          <TextField
            label="DevEUI starts with"
            type="search"
            placeholder="e.g. 70B3D5"
            autoComplete="off"
            spellCheck={false}
            value={search}
            onChange={(e) => { setSearch(e.target.value); setPage(1); }}
            hint="The first digits identify the manufacturer, so a prefix finds one vendor's devices."
            error={searchError}
          />
        </div>
        {!searchError && <ErrorNotice error={list.error} title="Couldn't load unclaimed traffic" />}
        {list.isPending ? (
          <LoadingRows rows={5} label="Loading unclaimed traffic" />
        ) : list.data && list.data.rows.length === 0 ? (
          search ? (
            <EmptyState title="No unclaimed DevEUIs start with that">Try fewer digits.</EmptyState>
          ) : (
            <EmptyState title="No unclaimed traffic">
              <p>This list is the sales pipeline of the network: devices in range whose owners are not yet customers.</p>
              <p className="mt-1">
                When a <Link href="/operator/connections" className="text-teal-700 underline">connected network server</Link> forwards events from a DevEUI that
                no tenant has registered, it appears here, and leaves as soon as a tenant registers it.
              </p>
            </EmptyState>
          )
        ) : (
          list.data && (
            <>
              <DataTable
                caption="Unclaimed DevEUIs, most recently heard first"
                columns={[{ label: "DevEUI" }, { label: "Last heard" }, { label: "First heard" }, { label: "Events", numeric: true }, { label: "Best RSSI", numeric: true }, { label: "Last gateway" }, { label: "Source" }]}
              >
                {list.data.rows.map((row) => (
                  <tr key={row.devEui}>
                    <th scope="row" className="py-2 pr-4 font-mono text-xs font-medium">{row.devEui}</th>
                    <td className="py-2 pr-4"><RelativeTime date={row.lastSeen} /></td>
                    <td className="py-2 pr-4 text-slate-600">{dateTime.format(row.firstSeen)}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">{count.format(row.events)}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">{row.bestRssi === null ? <span className="text-slate-400">—</span> : `${row.bestRssi} dBm`}</td>
                    <td className="py-2 pr-4 font-mono text-xs">
                      {row.lastGatewayEui ? (
                        <Link href={`/operator/gateways/${encodeURIComponent(row.lastGatewayEui)}`} className="text-teal-800 hover:underline">{row.lastGatewayEui}</Link>
                      ) : (
                        <span className="font-sans text-slate-400">—</span>
                      )}
                    </td>
                    <td className="py-2">{sources[row.source] ?? row.source}</td>
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
