"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { RelativeTime } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PageHeader } from "@/components/ui/page-header";
import { ErrorNotice, LoadingRows } from "@/components/ui/states";
import { hasTenantRole } from "@/domain/tenancy/roles";
import { useTRPC } from "@/trpc/react";
import { formatBattery, formatEui, formatSignal } from "../device-format";
import { UsagePanel } from "../usage-panel";
import { PointMap } from "@/components/maps/point-map";
import { DeviceEvents } from "./device-events";
import { DeviceReadings } from "./device-readings";
import { DeviceKeys } from "./device-keys";
import { EditDeviceForm } from "./edit-device-form";
import { NetworkSync } from "./network-sync";

export default function DevicePage() {
  const { slug, deviceId } = useParams<{ slug: string; deviceId: string }>();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.workspace.current.queryOptions());
  const device = useQuery({ ...trpc.devices.get.queryOptions({ deviceId }), refetchInterval: (q) => (q.state.status === "error" ? false : 10_000) });
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useMutation(
    trpc.devices.delete.mutationOptions({
      onSuccess: () => {
        // Not devices.get: refetching the deleted device would flash "not found" before the page changes.
        void queryClient.invalidateQueries({ queryKey: trpc.devices.list.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.devices.summary.pathKey() });
        router.push(`/t/${slug}/devices`);
      },
    }),
  );
  const canEdit = me.data ? hasTenantRole(me.data.role, "member") : false;
  const canReveal = me.data ? hasTenantRole(me.data.role, "admin") : false;

  if (device.isPending) return <LoadingRows rows={6} label="Loading device" />;
  if (device.error) {
    return (
      <div className="space-y-4">
        <ErrorNotice error={device.error} title="This device can't be shown" />
        <Link href={`/t/${slug}/devices`} className="text-sm text-teal-700 underline">
          Back to devices
        </Link>
      </div>
    );
  }
  const d = device.data;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href={`/t/${slug}/devices`} className="text-teal-700 hover:underline">
          Devices
        </Link>
        <span aria-hidden className="px-1 text-slate-400">/</span>
        <span aria-current="page" className="text-slate-600">{d.name}</span>
      </nav>
      <PageHeader
        title={d.name}
        description={<span className="font-mono">{formatEui(d.devEui)}</span>}
        actions={
          canEdit &&
          !editing && (
            <>
              <Button variant="secondary" onClick={() => setEditing(true)}>
                Edit
              </Button>
              <Button variant="danger" onClick={() => setDeleting(true)}>
                Delete
              </Button>
            </>
          )
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={editing ? "Edit device" : "Details"} className="lg:col-span-2">
          {editing ? (
            <EditDeviceForm
              device={d}
              onDone={() => {
                setEditing(false);
                void queryClient.invalidateQueries({ queryKey: trpc.devices.pathKey() });
              }}
            />
          ) : (
            <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
              <Detail label="Profile">{d.profile ? `${d.profile.name} · ${d.profile.region} · LoRaWAN ${d.profile.macVersion} · class ${d.profile.deviceClass}${d.profile.hasCodec ? " · decodes payloads" : ""}` : "None"}</Detail>
              <Detail label="Activation">{d.activation === "otaa" ? "Over the air (OTAA)" : "By personalisation (ABP)"}</Detail>
              {d.joinEui && <Detail label="JoinEUI"><span className="font-mono">{formatEui(d.joinEui)}</span></Detail>}
              {d.devAddr && <Detail label="DevAddr"><span className="font-mono">{d.devAddr.toUpperCase()}</span></Detail>}
              <Detail label="Tags">
                {d.tags.length ? <span className="flex flex-wrap gap-1">{d.tags.map((t) => <Badge key={t}>{t}</Badge>)}</span> : "None"}
              </Detail>
              <Detail label="Registered"><RelativeTime date={d.createdAt} /></Detail>
              {d.description && <Detail label="Description" wide>{d.description}</Detail>}
              <div className="sm:col-span-2">
                <dt className="mb-2 font-medium text-slate-600">Keys</dt>
                <dd>
                  <DeviceKeys deviceId={d.id} masked={d.keys} canReveal={canReveal} />
                </dd>
              </div>
            </dl>
          )}
        </Card>
        <div className="space-y-6">
        <Card title="On the network">
          <NetworkSync deviceId={d.id} canRetry={canReveal} suspended={me.data?.status === "suspended"} />
        </Card>
        <Card title="Latest state">
          <dl className="space-y-3 text-sm">
            <Detail label="Last seen"><RelativeTime date={d.lastSeenAt} /></Detail>
            <Detail label="Signal (best gateway)">{formatSignal(d.lastRssi, d.lastSnr)}</Detail>
            <Detail label="Battery">{formatBattery(d.batteryLevel)}</Detail>
            <Detail label="Frame counter">{d.lastFCnt ?? "—"}</Detail>
            <Detail label="Location">
              {d.location ? (
                <>
                  {d.location.latitude.toFixed(5)}, {d.location.longitude.toFixed(5)}{" "}
                  <span className="text-xs text-slate-500">{d.location.source === "manual" ? "(set by your team)" : <>(located by the network, <RelativeTime date={d.location.locatedAt} />)</>}</span>
                </>
              ) : (
                "Not set"
              )}
            </Detail>
          </dl>
          {d.location && (
            <div className="mt-4">
              <PointMap label={`Where ${d.name} is`} height={200} points={[{ id: d.id, latitude: d.location.latitude, longitude: d.location.longitude, label: d.name, colour: "#0f766e", size: 18 }]} />
            </div>
          )}
        </Card>
        </div>
      </div>
      <div className="mt-6 space-y-6">
        <Card title="Readings">
          <DeviceReadings deviceId={d.id} />
        </Card>
        <Card title="Usage">
          <UsagePanel deviceId={d.id} title={d.name} />
        </Card>
        <Card title="Events">
          <DeviceEvents deviceId={d.id} />
        </Card>
      </div>
      {deleting && (
        <ConfirmDialog
          open
          title={`Delete ${d.name}?`}
          confirmLabel="Delete device"
          danger
          busy={remove.isPending}
          onCancel={() => setDeleting(false)}
          onConfirm={() => remove.mutate({ deviceId: d.id })}
        >
          <p>The device is removed from your organisation and its keys are destroyed. Its DevEUI can then be registered again.</p>
          <p className="mt-2">Its past uplinks and usage are kept, so invoices for the time it was active still add up.</p>
          <ErrorNotice error={remove.error} />
        </ConfirmDialog>
      )}
    </>
  );
}

function Detail({ label, children, wide = false }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? "sm:col-span-2" : undefined}>
      <dt className="font-medium text-slate-600">{label}</dt>
      <dd className="mt-0.5 text-slate-900">{children}</dd>
    </div>
  );
}
