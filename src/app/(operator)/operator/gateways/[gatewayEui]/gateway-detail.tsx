"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { HourlyBarChart } from "@/components/charts/hourly-bar-chart";
import { StatCard, StatGrid } from "@/components/charts/stat-card";
import { RelativeTime } from "@/components/relative-time";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PageHeader } from "@/components/ui/page-header";
import { ErrorNotice, LoadingRows } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";
import { GatewayForm } from "../gateway-form";
import { GatewayStatusBadge, formatLocation } from "../gateway-status";

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
const count = new Intl.NumberFormat("en-GB");

export function GatewayDetail({ gatewayEui }: { gatewayEui: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const detail = useQuery({ ...trpc.gateways.get.queryOptions({ gatewayEui }), refetchInterval: 60_000 });
  const remove = useMutation(
    trpc.gateways.delete.mutationOptions({
      onSuccess() {
        void queryClient.invalidateQueries({ queryKey: trpc.gateways.list.queryKey() });
        router.push("/operator/gateways");
      },
    }),
  );

  const back = (
    <p className="mb-2 text-sm">
      <Link href="/operator/gateways" className="text-teal-700 hover:underline">← All gateways</Link>
    </p>
  );
  if (detail.isPending) return <>{back}<LoadingRows rows={6} label="Loading gateway" /></>;
  if (detail.error) return <>{back}<ErrorNotice error={detail.error} title="Couldn't load this gateway" /></>;
  const g = detail.data;
  const location = formatLocation(g.latitude, g.longitude);

  return (
    <>
      {back}
      <PageHeader
        title={g.name}
        description={<span className="flex items-center gap-2"><GatewayStatusBadge status={g.status} /> <span className="font-mono">{g.gatewayEui}</span></span>}
        actions={
          !editing && (
            <>
              <Button variant="secondary" onClick={() => setEditing(true)}>Edit</Button>
              <Button variant="secondary" onClick={() => setConfirmingDelete(true)}>Delete</Button>
            </>
          )
        }
      />
      {editing && (
        <Card title="Edit gateway" className="mb-6">
          <GatewayForm gateway={g} onDone={() => setEditing(false)} onCancel={() => setEditing(false)} />
        </Card>
      )}
      <StatGrid>
        <StatCard label="Status" value={g.status === "online" ? "Online" : "Offline"} tone={g.status === "online" ? "good" : "bad"} detail={<>Last heard <RelativeTime date={g.lastSeenAt} /></>} />
        <StatCard label="Uplinks, last hour" value={count.format(g.uplinksLastHour)} detail="Unique uplinks this gateway heard" />
        <StatCard label="Uplinks, last 24 h" value={count.format(g.uplinksLast24h)} />
        <StatCard label="Hosted by" value={<span className="text-xl">{g.ownerName ?? "The council"}</span>} href={g.ownerTenantId ? `/operator/tenants/${g.ownerTenantId}` : undefined} />
      </StatGrid>
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card title="Traffic">
          <HourlyBarChart title="Uplinks heard per hour, last 48 hours" valueLabel="Uplinks" data={g.uplinksPerHour.map((p) => ({ hour: p.hour, value: p.uplinks }))} />
        </Card>
        <Card title="Details">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
            <dt className="text-slate-500">EUI</dt>
            <dd className="font-mono">{g.gatewayEui}</dd>
            <dt className="text-slate-500">Location</dt>
            <dd>
              {location ? (
                <>
                  <span className="font-mono">{location}</span>
                  <span className="block text-xs text-slate-500">
                    Latitude, longitude in decimal degrees (WGS84).{" "}
                    {g.locationSource === "network"
                      ? "Reported by the gateway through the network server; it follows what the gateway reports until you set one."
                      : "Set by an operator; the gateway's own reports never change it."}
                  </span>
                </>
              ) : (
                <span className="text-slate-500">Not set. <button type="button" className="text-teal-700 underline" onClick={() => setEditing(true)}>Add coordinates</button></span>
              )}
            </dd>
            <dt className="text-slate-500">Last heard</dt>
            <dd>{g.lastSeenAt ? dateTime.format(g.lastSeenAt) : "Never"}</dd>
            <dt className="text-slate-500">Added</dt>
            <dd>{dateTime.format(g.createdAt)}</dd>
          </dl>
        </Card>
      </div>
      <ConfirmDialog
        open={confirmingDelete}
        title={`Delete ${g.name}?`}
        confirmLabel="Delete gateway"
        danger
        busy={remove.isPending}
        onCancel={() => { setConfirmingDelete(false); remove.reset(); }}
        onConfirm={() => remove.mutate({ gatewayEui: g.gatewayEui })}
      >
        <p>Its name, location, host and hourly traffic history are deleted. Devices are not affected.</p>
        <p className="mt-2">If the network still hears it, it comes back automatically as “Gateway {g.gatewayEui}”.</p>
        <ErrorNotice error={remove.error} title="Couldn't delete the gateway" />
      </ConfirmDialog>
    </>
  );
}
