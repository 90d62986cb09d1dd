"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import { PointMap } from "@/components/maps/point-map";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ErrorNotice, LoadingRows } from "@/components/ui/states";
import type { FillBand } from "@/domain/waste/bin-assessment";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import { BAND_COLOURS, BAND_LABELS, STATUS_WORDS } from "./bin-format";

export type DashboardBin = inferRouterOutputs<AppRouter>["waste"]["dashboard"]["bins"][number];

/** Every placed bin as a marker coloured by its fill band; picking one shows it below the map. */
export function BinMap({ slug, selected, onSelect }: { slug: string; selected: string | null; onSelect(id: string): void }) {
  const trpc = useTRPC();
  const map = useQuery({ ...trpc.waste.map.queryOptions(), refetchInterval: (q) => (q.state.status === "error" ? false : 60_000) });
  const points = useMemo(
    () => (map.data ?? []).map((b) => ({ id: b.id, latitude: b.latitude, longitude: b.longitude, colour: BAND_COLOURS[b.band], size: 18, selected: b.id === selected, dashed: b.band === "stale", label: `${b.name}: ${b.fillPercent} %` })),
    [map.data, selected],
  );
  const picked = map.data?.find((b) => b.id === selected);
  return (
    <Card title="Map">
      <ErrorNotice error={map.error} title="Couldn't load the map" />
      {map.isPending ? (
        <LoadingRows rows={6} label="Loading the map" />
      ) : (
        <PointMap label="Map of bins by fill level" points={points} onSelect={onSelect} height={480} empty={<>No bin has a location yet. Set one on each bin&apos;s device page, or import latitude and longitude from a CSV file.</>} />
      )}
      {picked && (
        <p className="mt-3 flex flex-wrap items-center gap-2 text-sm" aria-live="polite">
          <Link href={`/t/${slug}/devices/${picked.id}`} className="font-medium text-teal-800 hover:underline">{picked.name}</Link>
          <span className="tabular-nums">{picked.fillPercent} %</span>
          <Badge tone={STATUS_WORDS[picked.status].tone}>{STATUS_WORDS[picked.status].label}</Badge>
        </p>
      )}
      <ul aria-label="Legend" className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        {(Object.keys(BAND_COLOURS) as FillBand[]).map((band) => (
          <li key={band} className="flex items-center gap-1.5">
            <span aria-hidden className="size-3 rounded-full" style={{ background: BAND_COLOURS[band] }} />
            {BAND_LABELS[band]}
          </li>
        ))}
      </ul>
    </Card>
  );
}
