"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { hasTenantRole, TENANT_ROLES, type TenantRole } from "@/domain/tenancy/roles";
import { useTRPC } from "@/trpc/react";
import { TeamInviteForm } from "./team-invite-form";

export default function TeamPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.workspace.current.queryOptions());
  const members = useQuery(trpc.team.members.queryOptions());
  const canManage = me.data ? hasTenantRole(me.data.role, "admin") : false;
  const invitations = useQuery({ ...trpc.team.invitations.queryOptions(), enabled: canManage });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.team.pathKey() });
  const changeRole = useMutation(trpc.team.changeRole.mutationOptions({ onSettled: refresh }));
  const [removing, setRemoving] = useState<{ userId: string; name: string } | null>(null);
  const remove = useMutation(trpc.team.remove.mutationOptions({ onSuccess: () => { setRemoving(null); void refresh(); } }));
  const revoke = useMutation(trpc.team.revokeInvitation.mutationOptions({ onSettled: refresh }));

  return (
    <>
      <PageHeader title="Team" description={canManage ? "Invite people, change what they can do, or remove them." : "The people in your organisation."} />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card title="Members">
          <ErrorNotice error={members.error ?? changeRole.error} />
          {members.isPending ? (
            <LoadingRows label="Loading team" />
          ) : (
            <DataTable
              caption="Team members"
              columns={[{ label: "Name" }, { label: "Role" }, canManage && { label: "Actions", srOnly: true }]}
              scrollable={false}
            >
              {members.data?.map((m) => (
                <tr key={m.userId}>
                  <td className="py-2 pr-4">
                    {m.name}
                    <div className="text-xs text-slate-500">{m.email}</div>
                  </td>
                  <td className="py-2 pr-4">
                    {canManage ? (
                      <select
                        aria-label={`Role for ${m.name}`}
                        value={m.role}
                        disabled={changeRole.isPending}
                        onChange={(e) => changeRole.mutate({ userId: m.userId, role: e.target.value as TenantRole })}
                        className="rounded border-slate-300 py-1 text-sm ring-1 ring-slate-300"
                      >
                        {TENANT_ROLES.map((r) => (
                          <option key={r} value={r}>{r}</option>
                        ))}
                      </select>
                    ) : (
                      m.role
                    )}
                  </td>
                  {canManage && (
                    <td className="py-2 text-right">
                      <Button variant="ghost" onClick={() => setRemoving({ userId: m.userId, name: m.name })}>Remove</Button>
                    </td>
                  )}
                </tr>
              ))}
            </DataTable>
          )}
        </Card>
        {canManage && (
          <div className="space-y-6">
            <Card title="Invite someone">
              <TeamInviteForm onInvited={refresh} />
            </Card>
            <Card title="Pending invitations">
              <ErrorNotice error={revoke.error} />
              {invitations.data?.length === 0 ? (
                <EmptyState title="No pending invitations">People you invite above appear here until they accept or their invitation runs out.</EmptyState>
              ) : (
                <ul className="divide-y divide-slate-100 text-sm">
                  {invitations.data?.map((i) => (
                    <li key={i.id} className="flex items-center justify-between py-2">
                      <span>{i.email} <span className="text-slate-500">({i.role})</span></span>
                      <Button variant="ghost" busy={revoke.isPending && revoke.variables?.invitationId === i.id} onClick={() => revoke.mutate({ invitationId: i.id })}>
                        Withdraw
                      </Button>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </div>
        )}
      </div>
      {removing && (
        <ConfirmDialog open title={`Remove ${removing.name}?`} confirmLabel="Remove" danger busy={remove.isPending} onCancel={() => setRemoving(null)} onConfirm={() => remove.mutate({ userId: removing.userId })}>
          <p>They will lose access to this organisation straight away. Their account and other memberships are kept.</p>
          <ErrorNotice error={remove.error} />
        </ConfirmDialog>
      )}
    </>
  );
}
