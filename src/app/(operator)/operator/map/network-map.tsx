"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { PointMap, type MapPoint } from "@/components/maps/point-map";
import { RelativeTime } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";
import { GATEWAY_STATUS, type MapGatewayStatus } from "./gateway-map-status";
import { markerSize, PROSPECT_COLOUR, prospectHalo } from "./gateway-marker";
import { GatewayPanel } from "./gateway-panel";

const count = new Intl.NumberFormat("en-GB");

/**
 * The operator's map: every placed gateway coloured by status and sized by traffic, ringed by the
 * unclaimed traffic around it (a layer that can be hidden); a click shows its detail.
 */
export function NetworkMap() {
  const trpc = useTRPC();
  const map = useQuery({ ...trpc.networkMap.gateways.queryOptions(), refetchInterval: (q) => (q.state.status === "error" ? false : 60_000) });
  const [selected, setSelected] = useState<string | null>(null);
  const [showProspects, setShowProspects] = useState(true);
  const gateways = useMemo(() => map.data?.gateways ?? [], [map.data]);
  const points = useMemo<MapPoint[]>(() => {
    const busiest = Math.max(0, ...gateways.map((g) => g.uplinks24h));
    const most = Math.max(0, ...gateways.map((g) => g.unclaimed));
    return gateways.map((g) => {
      const size = markerSize(g.uplinks24h, busiest);
      const prospects = showProspects && g.unclaimed > 0 ? `, ${count.format(g.unclaimed)} unclaimed DevEUI${g.unclaimed === 1 ? "" : "s"} around it` : "";
      return {
        id: g.gatewayEui, latitude: g.latitude!, longitude: g.longitude!, colour: GATEWAY_STATUS[g.status].colour, size, selected: g.gatewayEui === selected,
        halo: showProspects ? prospectHalo(g.unclaimed, most, size) : undefined,
        label: `${g.name}: ${GATEWAY_STATUS[g.status].label.toLowerCase()}, ${count.format(g.uplinks24h)} uplinks in 24 h${prospects}`,
      };
    });
  }, [gateways, selected, showProspects]);
  const chosen = gateways.find((g) => g.gatewayEui === selected) ?? null;

  return (
    <>
      <PageHeader title="Network map" description="Gateways where they stand, coloured by status and sized by the uplinks they heard in the last 24 hours, ringed by the unclaimed devices heard around them. Select one for its devices and the unclaimed traffic around it." />
      <ErrorNotice error={map.error} title="Couldn't load the network map" />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-3 lg:col-span-2">
          {map.isPending ? (
            <LoadingRows rows={8} label="Loading the network map" />
          ) : (
            <PointMap label="Map of the council's gateways" points={points} onSelect={setSelected} height={520} empty={<>No gateway has a location yet. Give gateways a location on their pages, or let the network report it.</>} />
          )}
          <div className="flex flex-wrap items-start justify-between gap-4 text-xs text-slate-600">
            <ul aria-label="Legend" className="flex flex-wrap gap-4">
              {(Object.keys(GATEWAY_STATUS) as MapGatewayStatus[]).map((s) => (
                <li key={s} className="flex items-center gap-1.5">
                  <span aria-hidden className="size-3 rounded-full" style={{ background: GATEWAY_STATUS[s].colour }} />
                  {GATEWAY_STATUS[s].label}
                </li>
              ))}
              <li>Larger circle: more uplinks in the last 24 hours</li>
              {showProspects && map.data && (
                <li className="flex items-center gap-1.5">
                  <span aria-hidden className="size-3 rounded-full border" style={{ background: `${PROSPECT_COLOUR}2e`, borderColor: PROSPECT_COLOUR }} />
                  Ring: unclaimed DevEUIs last heard there in {map.data.prospectDays} days (larger, more)
                </li>
              )}
            </ul>
            <label className="flex items-center gap-1.5">
              <input type="checkbox" checked={showProspects} onChange={(e) => setShowProspects(e.target.checked)} className="size-4 rounded border-slate-300 text-teal-700 focus:ring-teal-600" />
              Show unclaimed traffic
            </label>
          </div>
        </div>
        <Card title={chosen ? chosen.name : "Gateway"}>
          {chosen ? (
            <GatewayPanel gateway={chosen} prospectDays={map.data!.prospectDays} />
          ) : (
            <p className="text-sm text-slate-600">Select a gateway on the map or in the table below to see what it hears.</p>
          )}
        </Card>
      </div>
      {map.data && (
        <Card title="Gateways on the map" className="mt-6">
          {gateways.length === 0 ? (
            <EmptyState title="No gateway on the map yet">Gateways appear here once they have a location: set one under Gateways, or it arrives with the first traffic from a gateway that reports its GPS position.</EmptyState>
          ) : (
            <DataTable caption="Gateways on the map" columns={[{ label: "Gateway" }, { label: "Status" }, { label: "Uplinks (24 h)", numeric: true }, { label: "Devices heard (24 h)", numeric: true }, { label: `Unclaimed DevEUIs (${map.data.prospectDays} days)`, numeric: true }, { label: "Last seen" }, { label: "Actions", srOnly: true }]}>
              {gateways.map((g) => (
                <tr key={g.gatewayEui} className={g.gatewayEui === selected ? "bg-teal-50" : undefined}>
                  <td className="py-2 pr-4">
                    <Link href={`/operator/gateways/${g.gatewayEui}`} className="font-medium text-teal-800 hover:underline">{g.name}</Link>
                    {g.ownerName && <span className="block text-xs text-slate-500">hosted by {g.ownerName}</span>}
                  </td>
                  <td className="py-2 pr-4"><Badge tone={GATEWAY_STATUS[g.status].tone}>{GATEWAY_STATUS[g.status].label}</Badge></td>
                  <td className="py-2 pr-4 text-right tabular-nums">{count.format(g.uplinks24h)}</td>
                  <td className="py-2 pr-4 text-right tabular-nums">{count.format(g.devices24h)}</td>
                  <td className="py-2 pr-4 text-right tabular-nums">{count.format(g.unclaimed)}</td>
                  <td className="py-2 pr-4"><RelativeTime date={g.lastSeenAt} /></td>
                  <td className="py-2 text-right">
                    <Button variant="ghost" onClick={() => setSelected(g.gatewayEui)} aria-label={`Show ${g.name} on the map`}>Show</Button>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
          {map.data.unplaced.length > 0 && (
            <p className="mt-4 text-sm text-slate-600">
              Not on the map (no location):{" "}
              {map.data.unplaced.map((g, i) => (
                <span key={g.gatewayEui}>
                  {i > 0 && ", "}
                  <Link href={`/operator/gateways/${g.gatewayEui}`} className="text-teal-700 hover:underline">{g.name}</Link>
                </span>
              ))}
              .
            </p>
          )}
        </Card>
      )}
    </>
  );
}
