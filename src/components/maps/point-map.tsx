"use client";

import dynamic from "next/dynamic";
import type { ReactNode } from "react";

/** A point drawn on a map: a filled circle of `size` pixels, named by `label` (its tooltip and its accessible name). */
export interface MapPoint {
  id: string;
  latitude: number;
  longitude: number;
  label: string;
  colour: string;
  /** Diameter in pixels. */
  size?: number;
  /** Drawn with a ring and on top. */
  selected?: boolean;
  /** A dashed outline, e.g. for a sensor that is not reporting. */
  dashed?: boolean;
  /**
   * A translucent ring of `size` pixels around the point, for a second quantity (the network map's
   * unclaimed traffic around a gateway). It takes no clicks, so it never hides a neighbour's marker.
   */
  halo?: { size: number; /** "#rrggbb"; the ring is filled with it at 18 % opacity. */ colour: string };
}

export interface PointMapProps {
  points: readonly MapPoint[];
  /** What the map shows, for screen readers; the same data is always in a list or table beside it. */
  label: string;
  onSelect?: (id: string) => void;
  height?: number;
  /** Shown over the map when there are no points. */
  empty?: ReactNode;
}

// Leaflet touches `window` when imported, so it is loaded in the browser only (stack notes G14).
const LeafletPointMap = dynamic(() => import("./leaflet-point-map"), {
  ssr: false,
  loading: () => <div role="status" className="grid h-full place-items-center rounded-md bg-slate-100 text-sm text-slate-500">Loading map…</div>,
});

/** A map of points, on the configured base map or a plain background; markers are buttons (click, or Tab and Enter). */
export function PointMap({ height = 420, ...props }: PointMapProps) {
  return (
    <div role="region" aria-label={props.label} style={{ height }} className="relative isolate overflow-hidden rounded-md ring-1 ring-slate-200 print:hidden">
      <LeafletPointMap {...props} />
    </div>
  );
}
