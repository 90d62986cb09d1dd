"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { RelativeTime } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { ErrorNotice, LoadingRows } from "@/components/ui/states";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import { GATEWAY_STATUS } from "./gateway-map-status";

const count = new Intl.NumberFormat("en-GB");
type MapGateway = inferRouterOutputs<AppRouter>["networkMap"]["gateways"]["gateways"][number];

/** What one gateway hears: its figures, the registered devices it heard today, and the prospects around it. */
export function GatewayPanel({ gateway, prospectDays }: { gateway: MapGateway; prospectDays: number }) {
  const trpc = useTRPC();
  const heard = useQuery(trpc.networkMap.gatewayDevices.queryOptions({ gatewayEui: gateway.gatewayEui }));
  return (
    <div className="space-y-4 text-sm" data-testid="gateway-panel">
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2">
        <dt className="text-slate-600">Status</dt>
        <dd><Badge tone={GATEWAY_STATUS[gateway.status].tone}>{GATEWAY_STATUS[gateway.status].label}</Badge></dd>
        <dt className="text-slate-600">Last seen</dt>
        <dd><RelativeTime date={gateway.lastSeenAt} /></dd>
        <dt className="text-slate-600">Uplinks (24 h)</dt>
        <dd className="tabular-nums">{count.format(gateway.uplinks24h)}</dd>
        <dt className="text-slate-600">Devices heard (24 h)</dt>
        <dd className="tabular-nums">{count.format(gateway.devices24h)}</dd>
        <dt className="text-slate-600">Unclaimed DevEUIs</dt>
        <dd className="tabular-nums">
          {count.format(gateway.unclaimed)} <span className="text-xs text-slate-500">last heard here in {prospectDays} days</span>
        </dd>
      </dl>
      <div className="flex flex-wrap gap-3">
        <Link href={`/operator/gateways/${gateway.gatewayEui}`} className="font-medium text-teal-700 hover:underline">Gateway details</Link>
        {gateway.unclaimed > 0 && <Link href="/operator/unclaimed" className="font-medium text-teal-700 hover:underline">Unclaimed traffic</Link>}
      </div>
      <section aria-labelledby="heard-devices">
        <h3 id="heard-devices" className="mb-2 font-semibold text-slate-900">Devices heard in the last 24 hours</h3>
        {heard.isPending ? (
          <LoadingRows rows={3} label="Loading devices" />
        ) : heard.error ? (
          <ErrorNotice error={heard.error} />
        ) : heard.data.devices.length === 0 ? (
          <p className="text-slate-500">None.</p>
        ) : (
          <>
            <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto pr-1">
              {heard.data.devices.map((d) => (
                <li key={`${d.tenantId}-${d.deviceId}`} className="flex items-baseline justify-between gap-2 py-1.5">
                  <span className="min-w-0">
                    <span className="block truncate text-slate-900">{d.deviceName}</span>
                    <Link href={`/operator/tenants/${d.tenantId}`} className="text-xs text-teal-700 hover:underline">{d.tenantName}</Link>
                  </span>
                  <span className="shrink-0 text-xs text-slate-500"><RelativeTime date={d.lastHeardAt} /></span>
                </li>
              ))}
            </ul>
            {heard.data.total > heard.data.devices.length && <p className="mt-2 text-xs text-slate-500">…and {count.format(heard.data.total - heard.data.devices.length)} more.</p>}
          </>
        )}
      </section>
    </div>
  );
}
