"use client";

import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { hasTenantRole } from "@/domain/tenancy/roles";
import { useTRPC } from "@/trpc/react";
import { AlertList } from "./alert-list";
import { AlertRules } from "./alert-rules";

/** The organisation's alerts: what is happening now (and before), and the rules that raise them. */
export default function AlertsPage() {
  const { slug } = useParams<{ slug: string }>();
  const trpc = useTRPC();
  const me = useQuery(trpc.workspace.current.queryOptions());
  const canConfigure = me.data ? hasTenantRole(me.data.role, "admin") : false;
  return (
    <>
      <PageHeader title="Alerts" description="Be told when a device goes quiet, its battery runs low, or a reading crosses a line. Alerts show here, are emailed to your organisation's contact address, and go to endpoints that take alert events." />
      <div className="space-y-6">
        <AlertList slug={slug} />
        <AlertRules canConfigure={canConfigure} />
      </div>
    </>
  );
}
