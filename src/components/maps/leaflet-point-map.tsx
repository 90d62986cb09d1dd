"use client";

import "leaflet/dist/leaflet.css";
import L from "leaflet";
import { useEffect, useMemo, useRef } from "react";
import { MapContainer, Marker, ScaleControl, TileLayer, useMap } from "react-leaflet";
import { useMapSettings } from "./map-settings";
import type { MapPoint, PointMapProps } from "./point-map";

/** Where the map opens before it has points: the UK. */
const UK_CENTRE: [number, number] = [54.5, -3];

function markerIcon(point: MapPoint) {
  const size = point.size ?? 16;
  const ring = point.selected ? "box-shadow:0 0 0 3px #fff,0 0 0 5px #0f172a;" : "box-shadow:0 0 0 2px #fff,0 1px 3px rgba(15,23,42,.5);";
  const border = point.dashed ? "outline:2px dashed #334155;outline-offset:1px;" : "";
  // The halo overflows the icon (which is only the point's size, so only the point takes clicks) and
  // lets clicks through to whatever lies under it.
  const halo = point.halo
    ? `<span style="position:absolute;left:50%;top:50%;width:${point.halo.size}px;height:${point.halo.size}px;margin:${-point.halo.size / 2}px 0 0 ${-point.halo.size / 2}px;border-radius:9999px;background:${point.halo.colour}2e;border:1.5px solid ${point.halo.colour};pointer-events:none"></span>`
    : "";
  return L.divIcon({
    className: "",
    iconSize: [size, size],
    iconAnchor: [size / 2, size / 2],
    html: `<span aria-hidden="true" style="position:relative;display:block;width:${size}px;height:${size}px">${halo}<span style="position:absolute;inset:0;border-radius:9999px;background:${point.colour};opacity:.9;${ring}${border}"></span></span>`,
  });
}

/**
 * Leaflet makes markers focusable buttons but does not click them from the keyboard: Enter or Space
 * chooses one, as on a button. Space would also scroll the page (a keypress's default action), so not.
 */
function chooseByKey(event: KeyboardEvent, choose: () => void) {
  if (event.key !== "Enter" && event.key !== " ") return;
  event.preventDefault();
  choose();
}

/** Fits the view to the points the first time there are some, then leaves panning and zooming to the person. */
function FitOnce({ points }: { points: readonly MapPoint[] }) {
  const map = useMap();
  const fitted = useRef(false);
  useEffect(() => {
    if (fitted.current || points.length === 0) return;
    fitted.current = true;
    if (points.length === 1) map.setView([points[0]!.latitude, points[0]!.longitude], 16);
    else map.fitBounds(L.latLngBounds(points.map((p) => [p.latitude, p.longitude])), { padding: [32, 32], maxZoom: 17 });
  }, [map, points]);
  return null;
}

/**
 * One point as a marker. react-leaflet sets a marker's title (its tooltip and accessible name) only
 * when it creates it, so a changed label (new figures, a layer shown or hidden) is written here.
 */
function PointMarker({ point, onSelect }: { point: MapPoint; onSelect?: (id: string) => void }) {
  const marker = useRef<L.Marker>(null);
  useEffect(() => {
    if (!marker.current) return;
    marker.current.options.title = point.label;
    const element = marker.current.getElement();
    if (element) element.title = point.label;
  }, [point.label]);
  return (
    <Marker
      ref={marker}
      position={[point.latitude, point.longitude]}
      icon={markerIcon(point)}
      title={point.label}
      zIndexOffset={point.selected ? 1000 : 0}
      eventHandlers={onSelect ? { click: () => onSelect(point.id), keypress: (e) => chooseByKey(e.originalEvent as KeyboardEvent, () => onSelect(point.id)) } : undefined}
    />
  );
}

export default function LeafletPointMap({ points, onSelect, empty }: PointMapProps) {
  const { tileUrl, attribution } = useMapSettings();
  // Selected last, so it is drawn on top.
  const ordered = useMemo(() => [...points].sort((a, b) => Number(Boolean(a.selected)) - Number(Boolean(b.selected))), [points]);
  return (
    <>
      <MapContainer
        center={UK_CENTRE}
        zoom={6}
        className="h-full w-full"
        // Without a base map, a plain background with a faint grid, so the points still read as places.
        style={{ background: tileUrl ? "#e5e7eb" : "#eef2f6", backgroundImage: tileUrl ? undefined : "linear-gradient(#dbe3ec 1px, transparent 1px), linear-gradient(90deg, #dbe3ec 1px, transparent 1px)", backgroundSize: "48px 48px" }}
        attributionControl={Boolean(tileUrl)}
      >
        {tileUrl && <TileLayer url={tileUrl} attribution={attribution ?? undefined} maxZoom={19} />}
        <ScaleControl position="bottomleft" imperial={false} />
        <FitOnce points={points} />
        {ordered.map((point) => <PointMarker key={point.id} point={point} onSelect={onSelect} />)}
      </MapContainer>
      {points.length === 0 && empty && (
        <div className="pointer-events-none absolute inset-0 z-[1000] grid place-items-center">
          <div className="pointer-events-auto max-w-sm rounded-md bg-white/95 px-4 py-3 text-center text-sm text-slate-600 shadow ring-1 ring-slate-200">{empty}</div>
        </div>
      )}
      {!tileUrl && (
        <p className="pointer-events-none absolute right-2 bottom-2 z-[1000] rounded bg-white/80 px-2 py-0.5 text-[11px] text-slate-500">No base map configured (MAP_STYLE_URL)</p>
      )}
    </>
  );
}
