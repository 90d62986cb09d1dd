"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { StatusBadge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ErrorNotice, LoadingRows } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";
import { DeviceOverview } from "./devices/device-overview";

export default function TenantOverview() {
  const trpc = useTRPC();
  const tenant = useQuery(trpc.workspace.current.queryOptions());
  const members = useQuery(trpc.team.members.queryOptions());
  if (tenant.isPending) return <LoadingRows label="Loading" />;
  if (tenant.error) return <ErrorNotice error={tenant.error} />;
  return (
    <>
      <PageHeader title={tenant.data.name} description={<span className="flex items-center gap-2"><StatusBadge status={tenant.data.status} /> You are {tenant.data.role}.</span>} />
      <DeviceOverview slug={tenant.data.slug} suspended={tenant.data.status === "suspended"} />
      <div className="mt-6 grid gap-6 md:grid-cols-2">
        <Card title="Team" actions={<Link href={`/t/${tenant.data.slug}/team`} className="text-sm text-teal-700 hover:underline">Manage</Link>}>
          <p className="text-3xl font-bold">{members.data?.length ?? "…"}</p>
          <p className="text-sm text-slate-500">people in {tenant.data.name}</p>
        </Card>
      </div>
    </>
  );
}
