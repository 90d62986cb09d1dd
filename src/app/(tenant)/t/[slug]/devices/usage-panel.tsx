"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { HourlyBarChart } from "@/components/charts/hourly-bar-chart";
import { ErrorNotice, LoadingRows } from "@/components/ui/states";
import { ToggleGroup } from "@/components/ui/toggle-group";
import type { UsageWindow } from "@/domain/devices";
import { useTRPC } from "@/trpc/react";

const WINDOWS: Array<{ value: UsageWindow; label: string }> = [
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
];
const count = new Intl.NumberFormat("en-GB");

/** Uplinks per hour for one device, or for the whole organisation when deviceId is left out. */
export function UsagePanel({ deviceId, title }: { deviceId?: string; title: string }) {
  const trpc = useTRPC();
  const [period, setPeriod] = useState<UsageWindow>("24h");
  const usage = useQuery({ ...trpc.deviceData.usage.queryOptions({ deviceId, window: period }), refetchInterval: (query) => (query.state.status === "error" ? false : 60_000) });
  return (
    <div className="space-y-3">
      <ToggleGroup<UsageWindow> label="Period" options={WINDOWS} value={period} onChange={setPeriod} />
      {usage.isPending ? (
        <LoadingRows rows={3} label="Loading usage" />
      ) : usage.error ? (
        <ErrorNotice error={usage.error} title="Usage can't be shown" />
      ) : (
        <>
          <HourlyBarChart title={`${title}, uplinks per hour`} valueLabel="Uplinks" data={usage.data.points.map((p) => ({ hour: p.hour, value: p.uplinks }))} />
          <p className="text-xs text-slate-600">
            In this period: {count.format(usage.data.totals.uplinks)} uplinks, {count.format(usage.data.totals.downlinks)} downlinks, {count.format(usage.data.totals.joins)} joins,{" "}
            {count.format(usage.data.totals.credits)} credits.
          </p>
        </>
      )}
    </div>
  );
}
