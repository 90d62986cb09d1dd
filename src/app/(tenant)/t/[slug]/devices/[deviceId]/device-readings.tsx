"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ReadingLineChart } from "@/components/charts/reading-line-chart";
import { RelativeTime } from "@/components/relative-time";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { ToggleGroup } from "@/components/ui/toggle-group";
import type { ReadingWindow } from "@/domain/readings/reading-series";
import { useTRPC } from "@/trpc/react";

const WINDOWS: Array<{ value: ReadingWindow; label: string }> = [
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
];
const number = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 });

/** The device's latest decoded values as cards, and one of them charted over a chosen period. */
export function DeviceReadings({ deviceId }: { deviceId: string }) {
  const trpc = useTRPC();
  const latest = useQuery({ ...trpc.readings.latest.queryOptions({ deviceId }), refetchInterval: (q) => (q.state.status === "error" ? false : 15_000) });
  const [picked, setPicked] = useState<string | null>(null);
  const [period, setPeriod] = useState<ReadingWindow>("24h");
  const fields = latest.data ?? [];
  const field = picked ?? fields.find((f) => f.field === "fillPercent")?.field ?? fields[0]?.field ?? null;
  const history = useQuery({ ...trpc.readings.history.queryOptions({ deviceId, field: field ?? "", window: period }), enabled: field !== null, refetchInterval: 60_000 });

  if (latest.isPending) return <LoadingRows rows={3} label="Loading readings" />;
  if (latest.error) return <ErrorNotice error={latest.error} title="Readings can't be shown" />;
  if (fields.length === 0) {
    return <EmptyState title="No readings yet">Numbers in this device's decoded payloads appear here, and can be charted, once it sends some. A device profile with a payload codec decodes them.</EmptyState>;
  }
  return (
    <div className="space-y-5">
      <ul aria-label="Latest values" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {fields.map((f) => (
          <li key={f.field}>
            <button
              type="button"
              onClick={() => setPicked(f.field)}
              aria-pressed={f.field === field}
              className={`w-full rounded-lg px-4 py-3 text-left ring-1 hover:ring-teal-600 ${f.field === field ? "bg-teal-50 ring-teal-600" : "bg-white ring-slate-200"}`}
            >
              <span className="block text-xs text-slate-600">{f.label}</span>
              <span className="block text-2xl font-semibold tabular-nums text-slate-900">
                {number.format(f.value)}
                {f.unit && <span className="ml-1 text-sm font-normal text-slate-500">{f.unit}</span>}
              </span>
              <span className="block text-xs text-slate-500"><RelativeTime date={f.at} /></span>
            </button>
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap items-end gap-4">
        <div>
          <label htmlFor={`reading-field-${deviceId}`} className="block text-sm font-medium text-slate-800">Field</label>
          <select id={`reading-field-${deviceId}`} value={field ?? ""} onChange={(e) => setPicked(e.target.value)} className="mt-1 rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-600">
            {fields.map((f) => <option key={f.field} value={f.field}>{f.label}{f.unit ? ` (${f.unit})` : ""}</option>)}
          </select>
        </div>
        <ToggleGroup<ReadingWindow> label="Period" options={WINDOWS} value={period} onChange={setPeriod} size="sm" />
      </div>
      {history.isPending ? (
        <LoadingRows rows={3} label="Loading chart" />
      ) : history.error ? (
        <ErrorNotice error={history.error} title="The chart can't be shown" />
      ) : (
        <ReadingLineChart title={`${history.data.label} over the last ${WINDOWS.find((w) => w.value === period)!.label}`} unit={history.data.unit} points={history.data.points} dayTicks={period !== "24h"} />
      )}
    </div>
  );
}
