"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ErrorNotice, LoadingRows } from "@/components/ui/states";
import { hasTenantRole } from "@/domain/tenancy/roles";
import { useTRPC } from "@/trpc/react";
import { RegisterDeviceForm } from "./register-device-form";

export default function NewDevicePage() {
  const { slug } = useParams<{ slug: string }>();
  const trpc = useTRPC();
  const me = useQuery(trpc.workspace.current.queryOptions());
  return (
    <>
      <PageHeader
        title="Register a device"
        description={
          <>
            One device at a time. Have many? <Link href={`/t/${slug}/devices/import`} className="text-teal-700 underline">Import them from a CSV file</Link>.
          </>
        }
      />
      <Card className="max-w-3xl">
        {me.isPending ? (
          <LoadingRows label="Loading" />
        ) : me.error ? (
          <ErrorNotice error={me.error} />
        ) : hasTenantRole(me.data.role, "member") ? (
          <RegisterDeviceForm slug={slug} />
        ) : (
          <p className="text-sm text-slate-600">You are a viewer in this organisation; ask an admin to make you a member to register devices.</p>
        )}
      </Card>
    </>
  );
}
