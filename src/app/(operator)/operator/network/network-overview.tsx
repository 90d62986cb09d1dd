"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { HourlyBarChart } from "@/components/charts/hourly-bar-chart";
import { StatCard, StatGrid } from "@/components/charts/stat-card";
import { StatusBadge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";

const count = new Intl.NumberFormat("en-GB");
const time = new Intl.DateTimeFormat("en-GB", { timeStyle: "short" });
const statuses = ["active", "pending", "suspended", "closed"] as const;

export function NetworkOverview() {
  const trpc = useTRPC();
  const overview = useQuery({ ...trpc.networkOverview.get.queryOptions(), refetchInterval: 60_000 });

  return (
    <>
      <PageHeader
        title="Network"
        description={
          overview.data
            ? `Traffic across every tenant. "Last 24 h" counts whole hours, including the current one. Updated ${time.format(overview.data.generatedAt)}.`
            : "Traffic across every tenant."
        }
      />
      <ErrorNotice error={overview.error} title="Couldn't load the network overview" />
      {overview.isPending ? (
        <LoadingRows rows={6} label="Loading the network overview" />
      ) : (
        overview.data && <OverviewBody data={overview.data} />
      )}
    </>
  );
}

type Overview = inferRouterOutputs<AppRouter>["networkOverview"]["get"];

function OverviewBody({ data }: { data: Overview }) {
  const { gateways, tenantsByStatus } = data;
  const maxUplinks = Math.max(1, ...data.topTenants.map((t) => t.uplinks));
  return (
    <>
      <StatGrid columns={5}>
        <StatCard label="Uplinks, last 24 h" value={count.format(data.uplinksLast24h)} detail="Unique messages from tenants' devices" />
        <StatCard label="Active devices, last 24 h" value={count.format(data.activeDevicesLast24h)} detail="Devices that sent at least one uplink" />
        <StatCard
          label="Gateways online"
          value={`${count.format(gateways.online)} of ${count.format(gateways.total)}`}
          detail={gateways.offline ? `${count.format(gateways.offline)} offline — see which` : "All gateways are online"}
          tone={gateways.total === 0 ? "default" : gateways.offline === 0 ? "good" : gateways.online === 0 ? "bad" : "warn"}
          href={gateways.offline ? "/operator/gateways?status=offline" : "/operator/gateways"}
        />
        <StatCard
          label="Unclaimed DevEUIs, last 24 h"
          value={count.format(data.unclaimedDevEuisLast24h)}
          detail="Devices in range that no tenant owns"
          href="/operator/unclaimed"
        />
        <StatCard
          label="Clock-skewed events, last 24 h"
          value={count.format(data.clockSkewedEventsLast24h)}
          detail={
            data.clockSkewedEventsLast24h
              ? "Dated over 5 minutes ahead or a day behind; stored and billed at arrival. Check the gateways' GPS or NTP."
              : "Every event's time was believable"
          }
          tone={data.clockSkewedEventsLast24h ? "warn" : "default"}
        />
      </StatGrid>

      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card title="Traffic">
          <HourlyBarChart title="Uplinks per hour, last 48 hours, all tenants" valueLabel="Uplinks" data={data.uplinksPerHour.map((p) => ({ hour: p.hour, value: p.uplinks }))} />
        </Card>
        <Card title="Tenants" actions={<Link href="/operator" className="text-sm text-teal-700 hover:underline">All tenants</Link>}>
          <ul className="divide-y divide-slate-100 text-sm">
            {statuses.map((status) => (
              <li key={status} className="flex items-center justify-between py-2">
                <StatusBadge status={status} />
                <span className="font-semibold tabular-nums">{count.format(tenantsByStatus[status])}</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>

      <Card title="Busiest tenants, last 24 h" className="mt-6">
        {data.topTenants.length === 0 ? (
          <EmptyState title="No tenant traffic in the last 24 hours">
            Once tenants register devices and a <Link href="/operator/connections" className="text-teal-700 underline">network connection</Link> forwards their
            events, the busiest tenants appear here.
          </EmptyState>
        ) : (
          <DataTable
            caption="Tenants with the most uplinks in the last 24 hours"
            columns={[{ label: "Tenant" }, { label: "Status" }, { label: "Uplinks", numeric: true }, { label: "Active devices", numeric: true }, { label: "Joins", numeric: true }, { label: "Downlinks", numeric: true }, { label: "Credits", numeric: true }]}
          >
            {data.topTenants.map((t) => (
              <tr key={t.tenantId}>
                <th scope="row" className="py-2 pr-4 font-medium">
                  <Link href={`/operator/tenants/${t.tenantId}`} className="text-teal-800 hover:underline">{t.name}</Link>
                </th>
                <td className="py-2 pr-4"><StatusBadge status={t.status} /></td>
                <td className="py-2 pr-4 text-right tabular-nums">
                  <span className="flex items-center justify-end gap-2">
                    <span aria-hidden className="hidden h-2 rounded bg-teal-600/70 sm:inline-block" style={{ width: `${Math.max(4, (t.uplinks / maxUplinks) * 96)}px` }} />
                    {count.format(t.uplinks)}
                  </span>
                </td>
                <td className="py-2 pr-4 text-right tabular-nums">{count.format(t.activeDevices)}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{count.format(t.joins)}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{count.format(t.downlinks)}</td>
                <td className="py-2 text-right tabular-nums">{count.format(t.credits)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </>
  );
}
