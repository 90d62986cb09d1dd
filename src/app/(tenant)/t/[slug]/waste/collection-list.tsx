"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { downloadTextFile } from "@/components/billing/download-file";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { collectionReason } from "@/domain/waste/collection-list";
import { useTRPC } from "@/trpc/react";
import { formatDuration, formatFullBy } from "./bin-format";
import { useMarkCollected } from "./mark-collected";

const day = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric" });

/** Today's round: bins over the threshold or full before the next round, most urgent first; print it, export it, mark it done. */
export function CollectionList({ canCollect }: { canCollect: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery({ ...trpc.waste.collectionList.queryOptions(), refetchInterval: (q) => (q.state.status === "error" ? false : 30_000) });
  const stops = list.data?.stops ?? [];
  const generatedAt = list.data?.generatedAt ?? new Date();
  const [confirming, setConfirming] = useState(false);
  const [exportError, setExportError] = useState<Error | null>(null);
  const [exporting, setExporting] = useState(false);
  const markAll = useMarkCollected(() => setConfirming(false));

  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const { filename, csv } = await queryClient.fetchQuery({ ...trpc.waste.collectionCsv.queryOptions(), staleTime: 0 });
      downloadTextFile(filename, csv);
    } catch (error) {
      setExportError(error as Error);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card
      title={list.data ? `Today's collection list (${list.data.total.toLocaleString("en-GB")})` : "Today's collection list"}
      actions={
        stops.length > 0 && (
          <div className="flex flex-wrap gap-2 print:hidden">
            <Button variant="secondary" onClick={() => window.print()}>Print</Button>
            <Button variant="secondary" onClick={exportCsv} busy={exporting}>Export CSV</Button>
            {canCollect && <Button onClick={() => setConfirming(true)}>Mark all collected</Button>}
          </div>
        )
      }
    >
      <p className="mb-3 hidden text-sm print:block">Collection list for {day.format(generatedAt)}, printed {generatedAt.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })}.</p>
      <ErrorNotice error={exportError} title="The list couldn't be exported" />
      <ErrorNotice error={list.error} title="Couldn't load today's list" />
      {list.isPending ? (
        <LoadingRows rows={4} label="Loading today's list" />
      ) : stops.length === 0 ? (
        <EmptyState title="Nothing to collect today">No bin is over the threshold or expected to be full before the next round.</EmptyState>
      ) : (
        <DataTable caption="Today's collection list, most urgent first" columns={[{ label: "Stop", numeric: true }, { label: "Bin" }, { label: "Fill", numeric: true }, { label: "Why" }, { label: "Full by" }, { label: "Location" }, { label: "Notes" }]}>
          {stops.map((b, i) => (
            <tr key={b.deviceId} data-testid="collection-stop">
              <td className="py-2 pr-4 text-right tabular-nums">{i + 1}</td>
              <td className="py-2 pr-4 font-medium">{b.name}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{Math.round(b.fillPercent)} %</td>
              <td className="py-2 pr-4">
                {collectionReason(b.assessment)}
                {b.assessment.overForMs !== null && <span className="text-slate-500"> ({formatDuration(b.assessment.overForMs)})</span>}
              </td>
              <td className="py-2 pr-4">{formatFullBy(b.assessment.fullBy, generatedAt.getTime())}</td>
              <td className="py-2 pr-4 font-mono text-xs">{b.latitude !== null && b.longitude !== null ? `${b.latitude.toFixed(5)}, ${b.longitude.toFixed(5)}` : "—"}</td>
              <td className="py-2 space-x-1">
                {b.assessment.lowBattery && <Badge tone="amber">battery low</Badge>}
                {b.assessment.silentForHours !== null && <Badge tone="slate">silent {b.assessment.silentForHours} h</Badge>}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {list.data && list.data.total > stops.length && (
        <p className="mt-3 text-sm text-slate-600">The {stops.length} most urgent of {list.data.total.toLocaleString("en-GB")} stops are shown and printed; Export CSV has them all.</p>
      )}
      {confirming && (
        <ConfirmDialog open title={`Mark the ${stops.length} ${stops.length === 1 ? "bin" : "bins"} shown collected?`} confirmLabel="Mark collected" busy={markAll.isPending} onCancel={() => setConfirming(false)} onConfirm={() => markAll.mutate({ deviceIds: stops.map((b) => b.deviceId) })}>
          <p>Each bin starts a new fill cycle now and leaves today&apos;s list until its sensor reports again. A bin that was not emptied comes back with its next reading.</p>
          <ErrorNotice error={markAll.error} />
        </ConfirmDialog>
      )}
    </Card>
  );
}
