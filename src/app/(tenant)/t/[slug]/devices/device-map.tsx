"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { PointMap } from "@/components/maps/point-map";
import { Card } from "@/components/ui/card";
import { ErrorNotice } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";

const DAY_MS = 86_400_000;

/** The organisation's devices that have a location, on a map; a click opens the device. Only this tenant's devices are ever read. */
export function DeviceMap({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const map = useQuery(trpc.devices.map.queryOptions());
  const points = useMemo(() => {
    const now = Date.now();
    return (map.data?.devices ?? []).map((d) => {
      const heardToday = d.lastSeenAt !== null && now - d.lastSeenAt.getTime() < DAY_MS;
      return { id: d.id, latitude: d.latitude, longitude: d.longitude, label: `${d.name}${heardToday ? "" : d.lastSeenAt ? ", not heard for a day" : ", never heard"}`, colour: heardToday ? "#0f766e" : "#94a3b8", size: 16, dashed: !heardToday };
    });
  }, [map.data]);
  if (map.error) return <ErrorNotice error={map.error} title="Couldn't load the map" />;
  if (!map.data || map.data.devices.length === 0) return null;
  return (
    <Card title="Map" className="mb-6" actions={<span className="text-xs text-slate-500">Teal: heard in the last day · grey: quiet</span>}>
      <PointMap label="Map of your organisation's devices" points={points} onSelect={(id) => router.push(`/t/${slug}/devices/${id}`)} height={340} />
      {map.data.unplaced > 0 && (
        <p className="mt-2 text-xs text-slate-500">
          {map.data.unplaced} {map.data.unplaced === 1 ? "device has" : "devices have"} no location. Set one on the device&apos;s page, or with latitude and longitude columns in a <Link href={`/t/${slug}/devices/import`} className="text-teal-700 underline">CSV import</Link>.
        </p>
      )}
    </Card>
  );
}
