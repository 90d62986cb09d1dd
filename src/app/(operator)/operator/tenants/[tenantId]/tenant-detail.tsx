"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { StatusBadge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { auditActorLabel } from "@/domain/identity/audit-actor";
import { useTRPC } from "@/trpc/react";
import { InviteForm } from "./invite-form";
import { StatusActions } from "./status-actions";
import { TenantUsage } from "./tenant-usage";
import { TenantNetwork } from "./tenant-network";

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

export function TenantDetail({ tenantId }: { tenantId: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.tenants.get.queryOptions({ tenantId }));
  if (detail.isPending) return <LoadingRows rows={6} label="Loading tenant" />;
  if (detail.error) return <ErrorNotice error={detail.error} title="Couldn't load this tenant" />;
  const { tenant, members, invitations, recentActivity } = detail.data;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/operator" className="text-teal-700 hover:underline">← All tenants</Link>
      </p>
      <PageHeader
        title={tenant.name}
        description={<span className="flex items-center gap-2"><StatusBadge status={tenant.status} /> {tenant.slug}</span>}
        actions={<StatusActions tenantId={tenant.id} name={tenant.name} status={tenant.status} />}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Details">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
            <dt className="text-slate-500">Contact</dt><dd>{tenant.contactEmail}</dd>
            <dt className="text-slate-500">Billing</dt><dd>{tenant.billingEmail}</dd>
            <dt className="text-slate-500">Plan</dt><dd>{tenant.planName ?? "—"}</dd>
            <dt className="text-slate-500">Created</dt><dd>{dateTime.format(tenant.createdAt)}</dd>
          </dl>
        </Card>
        <Card title="Invite an admin">
          <InviteForm tenantId={tenant.id} disabled={tenant.status === "closed"} />
        </Card>
        <Card title={`Members (${members.length})`}>
          {members.length === 0 ? (
            <EmptyState title="Nobody has joined yet">Invite the tenant's first admin; they can then invite their own team.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {members.map((m) => (
                <li key={m.userId} className="flex justify-between py-2">
                  <span>{m.name} <span className="text-slate-500">· {m.email}</span></span>
                  <span className="text-slate-600">{m.role}</span>
                </li>
              ))}
            </ul>
          )}
          {invitations.length > 0 && (
            <>
              <h3 className="mt-4 text-sm font-semibold">Pending invitations</h3>
              <ul className="text-sm text-slate-600">
                {invitations.map((i) => (
                  <li key={i.id}>{i.email} ({i.role}) · expires {dateTime.format(i.expiresAt)}</li>
                ))}
              </ul>
            </>
          )}
        </Card>
        <Card title="On the network server" className="lg:col-span-2">
          <TenantNetwork tenantId={tenant.id} />
        </Card>
        <Card title="Recent activity" actions={<Link href={`/operator/audit?tenantId=${tenant.id}`} className="text-sm text-teal-700 hover:underline">Full log</Link>}>
          {recentActivity.length === 0 ? (
            <EmptyState title="No activity yet">Changes to this tenant, its team and its billing are recorded here as they happen.</EmptyState>
          ) : (
            <ol className="space-y-2 text-sm">
              {recentActivity.map((a) => (
                <li key={a.id}>
                  <span className="font-medium">{a.action}</span> <span className="text-slate-500">by {auditActorLabel(a)} · {dateTime.format(a.at)}</span>
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
      <TenantUsage tenantId={tenant.id} />
    </>
  );
}
