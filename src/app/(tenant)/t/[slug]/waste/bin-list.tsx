"use client";

import Link from "next/link";
import { Sparkline } from "@/components/charts/sparkline";
import { RelativeTime } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorNotice } from "@/components/ui/states";
import { describeFillTrend, FILL_TREND_SPAN } from "@/domain/waste/fill-trend";
import type { DashboardBin } from "./bin-map";
import { BAND_COLOURS, formatFullBy, formatRate, statusOf } from "./bin-format";
import { useMarkCollected } from "./mark-collected";

interface BinListProps {
  slug: string;
  /** One page of bins, most urgent first (the server's order). */
  bins: readonly DashboardBin[];
  total: number;
  page: number;
  pageSize: number;
  onPage(page: number): void;
  search: string;
  onSearch(text: string): void;
  busy: boolean;
  canCollect: boolean;
  silentAfterHours: number;
}

/** Every bin, most urgent first, a page at a time and searchable, with what the crew needs to know about each. */
export function BinList({ slug, bins, total, page, pageSize, onPage, search, onSearch, busy, canCollect, silentAfterHours }: BinListProps) {
  const mark = useMarkCollected();

  return (
    <Card title="Bins by urgency">
      <div className="mb-3">
        <label htmlFor="bin-search" className="block text-sm font-medium text-slate-800">Search</label>
        <input id="bin-search" type="search" value={search} onChange={(e) => onSearch(e.target.value)} placeholder="Bin name or tag" className="mt-1 block w-full max-w-sm rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-600" />
      </div>
      <ErrorNotice error={mark.error} title="The bin wasn't marked collected" />
      {total === 0 && !search.trim() ? (
        <EmptyState title="No bins yet">Bins appear here when their sensors report a fill level (a codec that names <code>fillPercent</code>, like the bin fill level example).</EmptyState>
      ) : total === 0 ? (
        <EmptyState title={`No bins match “${search.trim()}”`}>Try part of the name or a tag.</EmptyState>
      ) : (
        <>
          <DataTable caption="Bins, most urgent first" density="compact" busy={busy} columns={[{ label: "Bin" }, { label: "Fill", numeric: true }, { label: `Last ${FILL_TREND_SPAN.hours} h` }, { label: "Status" }, { label: "Rate" }, { label: "Full by" }, { label: "Last reading" }, canCollect && { label: "Actions", srOnly: true }]}>
            {bins.map((b) => {
              const status = statusOf(b.assessment);
              return (
                <tr key={b.deviceId} data-testid="bin-row" className="align-top">
                  <td className="py-2 pr-3">
                    <Link href={`/t/${slug}/devices/${b.deviceId}`} className="font-medium text-teal-800 hover:underline">{b.name}</Link>
                    <div className="mt-1 flex flex-wrap gap-1">
                      {b.assessment.lowBattery && <Badge tone="amber">battery low ({Math.round(b.batteryPercent!)} %)</Badge>}
                      {b.assessment.silentForHours !== null && <Badge tone="slate">not reporting for {b.assessment.silentForHours} h</Badge>}
                    </div>
                  </td>
                  <td className="py-2 pr-3 text-right">
                    <span className="tabular-nums font-semibold">{Math.round(b.fillPercent)} %</span>
                    <span aria-hidden className="mt-1 block h-1.5 w-16 overflow-hidden rounded bg-slate-100">
                      <span className="block h-full" style={{ width: `${Math.min(100, b.fillPercent)}%`, background: BAND_COLOURS[b.assessment.band] }} />
                    </span>
                  </td>
                  <td className="py-2 pr-3"><Sparkline values={b.trend} description={describeFillTrend(b.trend)} colour={BAND_COLOURS[b.assessment.band]} /></td>
                  <td className="py-2 pr-3"><Badge tone={status.tone}>{status.label}</Badge></td>
                  <td className="whitespace-nowrap py-2 pr-3 tabular-nums">{formatRate(b.assessment.ratePerHour)}</td>
                  <td className="whitespace-nowrap py-2 pr-3">{formatFullBy(b.assessment.fullBy)}</td>
                  <td className="whitespace-nowrap py-2 pr-3"><RelativeTime date={b.fillAt} /></td>
                  {canCollect && (
                    <td className="py-2 text-right">
                      {b.assessment.status !== "collected" && (
                        <Button variant="ghost" className="whitespace-nowrap" busy={mark.isPending && mark.variables?.deviceIds[0] === b.deviceId} onClick={() => mark.mutate({ deviceIds: [b.deviceId] })} aria-label={`Mark ${b.name} collected`}>
                          Collected
                        </Button>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </DataTable>
          <Pagination page={page} pageSize={pageSize} total={total} onPage={onPage} />
          <p className="mt-3 text-xs text-slate-500">Last {FILL_TREND_SPAN.hours} h: the bin&apos;s fill, broken where its sensor was silent. Rate: fill points per hour since the bin was last emptied. A sensor silent for over {silentAfterHours} hours shows as not reporting; its last reading may be out of date.</p>
        </>
      )}
    </Card>
  );
}
