"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, type ReactNode } from "react";
import { PointMap } from "@/components/maps/point-map";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { SUSPENDED_TRAFFIC_MESSAGE } from "@/domain/devices";
import { useTRPC } from "@/trpc/react";

const DAY_MS = 86_400_000;

/**
 * The organisation's devices that have a location, on a map; a click opens the device. Only this
 * tenant's devices are ever read. Hidden, like the rest of the traffic, while the tenant is suspended.
 */
export function DeviceMap({ slug, canEdit, suspended }: { slug: string; canEdit: boolean; /** Undefined until the tenant's status is known. */ suspended: boolean | undefined }) {
  const trpc = useTRPC();
  const router = useRouter();
  const map = useQuery({ ...trpc.devices.map.queryOptions(), enabled: suspended === false });
  const points = useMemo(() => {
    const now = Date.now();
    return (map.data?.devices ?? []).map((d) => {
      const heardToday = d.lastSeenAt !== null && now - d.lastSeenAt.getTime() < DAY_MS;
      return { id: d.id, latitude: d.latitude, longitude: d.longitude, label: `${d.name}${heardToday ? "" : d.lastSeenAt ? ", not heard for a day" : ", never heard"}`, colour: heardToday ? "#0f766e" : "#94a3b8", size: 16, dashed: !heardToday };
    });
  }, [map.data]);
  const importLink = <Link href={`/t/${slug}/devices/import`} className="text-teal-700 underline">CSV import</Link>;
  const howToPlace: ReactNode = canEdit ? (
    <>Set a location in a device&apos;s Edit form, or with latitude and longitude columns in a {importLink}. Devices the network server locates appear by themselves.</>
  ) : (
    <>A member of your organisation can set locations on the devices&apos; pages. Devices the network server locates appear by themselves.</>
  );

  let body: ReactNode;
  if (suspended) body = <p className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">{SUSPENDED_TRAFFIC_MESSAGE}</p>;
  else if (map.isPending || suspended === undefined) body = <LoadingRows rows={4} label="Loading the map" />;
  else if (map.error) body = <ErrorNotice error={map.error} title="Couldn't load the map" />;
  else if (map.data.devices.length === 0) {
    body = map.data.unplaced === 0
      ? <EmptyState title="No devices to show yet">Devices appear on the map once they are registered with a location.</EmptyState>
      : <EmptyState title={map.data.unplaced === 1 ? "Your device has no location yet" : `None of your ${map.data.unplaced} devices has a location yet`}>{howToPlace}</EmptyState>;
  } else {
    body = (
      <>
        <PointMap label="Map of your organisation's devices" points={points} onSelect={(id) => router.push(`/t/${slug}/devices/${id}`)} height={340} />
        {map.data.unplaced > 0 && (
          <p className="mt-2 text-xs text-slate-500">
            {map.data.unplaced} {map.data.unplaced === 1 ? "device has" : "devices have"} no location. {howToPlace}
          </p>
        )}
      </>
    );
  }
  const drawn = !suspended && Boolean(map.data?.devices.length);
  return (
    <Card title="Map" className="mb-6" actions={drawn && <span className="text-xs text-slate-500">Teal: heard in the last day · grey: quiet</span>}>
      {body}
    </Card>
  );
}
