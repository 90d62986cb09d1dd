"use client";

import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { ErrorNotice, LoadingRows } from "@/components/ui/states";
import { DEVICE_CSV_LIMITS } from "@/domain/devices";
import { hasTenantRole } from "@/domain/tenancy/roles";
import { useTRPC } from "@/trpc/react";
import { DeviceImport } from "./device-import";

export default function ImportDevicesPage() {
  const { slug } = useParams<{ slug: string }>();
  const trpc = useTRPC();
  const me = useQuery(trpc.workspace.current.queryOptions());
  return (
    <>
      <PageHeader
        title="Import devices from CSV"
        description={`Register up to ${DEVICE_CSV_LIMITS.maxRows.toLocaleString("en-GB")} devices at once from a spreadsheet saved as CSV (at most 1 MiB). Nothing is registered until you have checked the file and chosen to import.`}
      />
      {me.isPending ? (
        <LoadingRows label="Loading" />
      ) : me.error ? (
        <ErrorNotice error={me.error} />
      ) : hasTenantRole(me.data.role, "member") ? (
        <DeviceImport slug={slug} />
      ) : (
        <p className="text-sm text-slate-600">You are a viewer in this organisation; ask an admin to make you a member to import devices.</p>
      )}
    </>
  );
}
