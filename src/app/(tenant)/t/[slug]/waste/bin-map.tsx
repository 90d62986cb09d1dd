"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { useMemo } from "react";
import { PointMap } from "@/components/maps/point-map";
import { Card } from "@/components/ui/card";
import type { FillBand } from "@/domain/waste/bin-assessment";
import type { AppRouter } from "@/server/api/root";
import { BAND_COLOURS, BAND_LABELS } from "./bin-format";

export type DashboardBin = inferRouterOutputs<AppRouter>["waste"]["dashboard"]["bins"][number];

/** Every placed bin as a marker coloured by its fill band. */
export function BinMap({ bins, selected, onSelect }: { bins: readonly DashboardBin[]; selected: string | null; onSelect(id: string): void }) {
  const points = useMemo(
    () =>
      bins
        .filter((b) => b.latitude !== null && b.longitude !== null)
        .map((b) => ({
          id: b.deviceId, latitude: b.latitude!, longitude: b.longitude!, colour: BAND_COLOURS[b.assessment.band], size: 18, selected: b.deviceId === selected, dashed: b.assessment.band === "stale",
          label: `${b.name}: ${Math.round(b.fillPercent)} %`,
        })),
    [bins, selected],
  );
  const unplaced = bins.length - points.length;
  return (
    <Card title="Map">
      <PointMap label="Map of bins by fill level" points={points} onSelect={onSelect} height={480} empty={<>No bin has a location yet. Set one on each bin&apos;s device page, or import latitude and longitude from a CSV file.</>} />
      <ul aria-label="Legend" className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        {(Object.keys(BAND_COLOURS) as FillBand[]).map((band) => (
          <li key={band} className="flex items-center gap-1.5">
            <span aria-hidden className="size-3 rounded-full" style={{ background: BAND_COLOURS[band] }} />
            {BAND_LABELS[band]}
          </li>
        ))}
      </ul>
      {unplaced > 0 && <p className="mt-2 text-xs text-slate-500">{unplaced} {unplaced === 1 ? "bin has" : "bins have"} no location and {unplaced === 1 ? "is" : "are"} only in the list.</p>}
    </Card>
  );
}
