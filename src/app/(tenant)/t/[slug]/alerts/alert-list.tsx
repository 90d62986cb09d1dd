"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { RelativeTime } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { ToggleGroup } from "@/components/ui/toggle-group";
import { useTRPC } from "@/trpc/react";

const PAGE_SIZE = 20;
const SHOW = [{ value: "active", label: "In force" }, { value: "all", label: "All, including cleared" }] as const;

/** Alerts now in force (or all of them), newest first. */
export function AlertList({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<"active" | "all">("active");
  const [page, setPage] = useState(1);
  const episodes = useQuery({ ...trpc.alerts.episodes.queryOptions({ status, page, pageSize: PAGE_SIZE }), placeholderData: keepPreviousData, refetchInterval: (q) => (q.state.status === "error" ? false : 30_000) });
  return (
    <Card
      title={episodes.data ? `Alerts in force (${episodes.data.active})` : "Alerts in force"}
      actions={
        <ToggleGroup label="Show" options={SHOW} value={status} onChange={(s) => { setStatus(s); setPage(1); }} />
      }
    >
      <ErrorNotice error={episodes.error} title="Couldn't load alerts" />
      {episodes.isPending ? (
        <LoadingRows rows={3} label="Loading alerts" />
      ) : episodes.data && episodes.data.total === 0 ? (
        <EmptyState title={status === "active" ? "No alert in force" : "No alerts yet"}>{status === "active" ? "Everything your rules watch is as it should be." : "Alerts your rules raise appear here."}</EmptyState>
      ) : (
        episodes.data && (
          <>
            <DataTable caption="Alerts, those in force first" busy={episodes.isFetching} columns={[{ label: "Alert" }, { label: "Device" }, { label: "What was seen" }, { label: "Since" }, { label: "State" }]}>
              {episodes.data.rows.map((e) => (
                <tr key={e.id} data-testid="alert-row">
                  <td className="py-2 pr-4 font-medium">{e.ruleName}</td>
                  <td className="py-2 pr-4">{e.deviceName ? <Link href={`/t/${slug}/devices/${e.deviceId}`} className="text-teal-800 hover:underline">{e.deviceName}</Link> : <span className="text-slate-500">deleted device</span>}</td>
                  <td className="py-2 pr-4">{e.message}</td>
                  <td className="whitespace-nowrap py-2 pr-4"><RelativeTime date={e.startedAt} /></td>
                  <td className="py-2">{e.clearedAt ? <Badge tone="slate">cleared <RelativeTime date={e.clearedAt} /></Badge> : <Badge tone="red">in force</Badge>}</td>
                </tr>
              ))}
            </DataTable>
            <Pagination page={page} pageSize={PAGE_SIZE} total={episodes.data.total} onPage={setPage} />
          </>
        )
      )}
    </Card>
  );
}
