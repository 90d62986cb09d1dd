"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { StatCard, StatGrid } from "@/components/charts/stat-card";
import { RelativeTime } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { SUSPENDED_TRAFFIC_MESSAGE } from "@/domain/devices";
import { useTRPC } from "@/trpc/react";
import { UsagePanel } from "./usage-panel";

/** The overview's device section: counts, the organisation's uplinks per hour, and the latest events. */
export function DeviceOverview({ slug, suspended }: { slug: string; suspended: boolean }) {
  const trpc = useTRPC();
  const summary = useQuery(trpc.devices.summary.queryOptions());
  const recent = useQuery({ ...trpc.deviceData.recent.queryOptions({ limit: 8 }), enabled: !suspended, refetchInterval: (q) => (q.state.status === "error" ? false : 15_000) });
  const devices = `/t/${slug}/devices`;
  const s = summary.data;
  return (
    <section aria-labelledby="devices-overview" className="space-y-6">
      <h2 id="devices-overview" className="sr-only">Devices</h2>
      <ErrorNotice error={summary.error} title="Couldn't load device counts" />
      <StatGrid>
        <StatCard label="Devices" value={s?.total ?? "…"} href={devices} detail="registered" />
        <StatCard label="Heard in the last 24 hours" value={s?.seenLastDay ?? "…"} tone={s && s.total > 0 && s.seenLastDay === 0 ? "warn" : "default"} />
        <StatCard label="Never heard" value={s?.neverSeen ?? "…"} detail="not yet joined or out of range" />
        <StatCard label="Battery below 20%" value={s?.lowBattery ?? "…"} tone={s && s.lowBattery > 0 ? "warn" : "default"} />
      </StatGrid>
      {suspended ? (
        <p className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">{SUSPENDED_TRAFFIC_MESSAGE}</p>
      ) : (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Uplinks">
            <UsagePanel title="All devices" />
          </Card>
          <Card title="Recent activity" actions={<Link href={devices} className="text-sm text-teal-700 hover:underline">All devices</Link>}>
            {recent.isPending ? (
              <LoadingRows rows={4} label="Loading activity" />
            ) : recent.error ? (
              <ErrorNotice error={recent.error} />
            ) : recent.data.length === 0 ? (
              <EmptyState title="Nothing heard yet">Events from your devices will appear here.</EmptyState>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm">
                {recent.data.map((e) => (
                  <li key={e.id} className="flex items-center justify-between gap-3 py-2">
                    <span className="flex min-w-0 items-center gap-2">
                      <Badge tone={e.kind === "uplink" ? "green" : "slate"}>{e.kind}</Badge>
                      {e.deviceName ? (
                        <Link href={`${devices}/${e.deviceId}`} className="truncate text-teal-800 hover:underline">
                          {e.deviceName}
                        </Link>
                      ) : (
                        <span className="truncate text-slate-500">deleted device</span>
                      )}
                      {e.fCnt !== null && <span className="text-xs text-slate-500">fCnt {e.fCnt}</span>}
                    </span>
                    <span className="shrink-0 text-xs text-slate-500">
                      <RelativeTime date={e.occurredAt} />
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      )}
    </section>
  );
}
