"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { hasTenantRole } from "@/domain/tenancy/roles";
import { useTRPC } from "@/trpc/react";
import { ProfileForm, type EditableProfile } from "./profile-form";

export default function DeviceProfilesPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.workspace.current.queryOptions());
  const profiles = useQuery(trpc.deviceProfiles.list.queryOptions());
  const [editing, setEditing] = useState<EditableProfile | "new" | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; name: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.deviceProfiles.pathKey() });
  const remove = useMutation(
    trpc.deviceProfiles.delete.mutationOptions({
      onSuccess: () => {
        setDeleting(null);
        void refresh();
      },
    }),
  );
  const canManage = me.data ? hasTenantRole(me.data.role, "admin") : false;

  return (
    <>
      <PageHeader
        title="Device profiles"
        description="The radio region, LoRaWAN version and class your devices use, and the codec that turns their payload bytes into readings."
        actions={canManage && !editing && <Button onClick={() => setEditing("new")}>New profile</Button>}
      />
      {editing && (
        <Card title={editing === "new" ? "New profile" : `Edit ${editing.name}`} className="mb-6">
          <ProfileForm
            key={editing === "new" ? "new" : editing.id}
            profile={editing === "new" ? null : editing}
            onDone={() => {
              setEditing(null);
              void refresh();
            }}
          />
        </Card>
      )}
      <Card>
        <ErrorNotice error={profiles.error} title="Couldn't load profiles" />
        {profiles.isPending ? (
          <LoadingRows label="Loading profiles" />
        ) : profiles.data?.length === 0 ? (
          <EmptyState title="No device profiles yet" action={canManage && !editing && <Button onClick={() => setEditing("new")}>Create a profile</Button>}>
            {canManage ? "Create one per kind of device, with its codec, so uplinks are decoded as they arrive." : "An admin of your organisation can create them."}
          </EmptyState>
        ) : (
          <DataTable
            caption="Device profiles"
            columns={[{ label: "Name" }, { label: "Region" }, { label: "LoRaWAN" }, { label: "Class" }, { label: "Codec" }, { label: "Battery range" }, { label: "Devices", numeric: true }, canManage && { label: "Actions", srOnly: true }]}
            scrollable={false}
          >
            {profiles.data?.map((p) => (
              <tr key={p.id} className="align-top">
                <td className="py-2 pr-4 font-medium">{p.name}</td>
                <td className="py-2 pr-4">{p.region}</td>
                <td className="py-2 pr-4">{p.macVersion}</td>
                <td className="py-2 pr-4">{p.deviceClass}</td>
                <td className="py-2 pr-4">
                  {p.codecSource ? (
                    <details>
                      <summary className="cursor-pointer">JavaScript</summary>
                      <pre className="mt-1 max-h-64 max-w-md overflow-auto rounded bg-slate-50 p-2 font-mono text-xs">{p.codecSource}</pre>
                    </details>
                  ) : (
                    <span className="text-slate-400">none</span>
                  )}
                </td>
                <td className="whitespace-nowrap py-2 pr-4 tabular-nums">
                  {p.batteryMinMv !== null && p.batteryMaxMv !== null ? `${p.batteryMinMv}–${p.batteryMaxMv} mV` : <span className="text-slate-400">none</span>}
                </td>
                <td className="py-2 pr-4 text-right tabular-nums">{p.devices}</td>
                {canManage && (
                  <td className="whitespace-nowrap py-2 text-right">
                    <Button variant="ghost" onClick={() => setEditing(p)}>
                      Edit<span className="sr-only"> {p.name}</span>
                    </Button>
                    <Button variant="ghost" onClick={() => setDeleting({ id: p.id, name: p.name })}>
                      Delete<span className="sr-only"> {p.name}</span>
                    </Button>
                  </td>
                )}
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
      {deleting && (
        <ConfirmDialog
          open
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete profile"
          danger
          busy={remove.isPending}
          onCancel={() => {
            setDeleting(null);
            remove.reset();
          }}
          onConfirm={() => remove.mutate({ profileId: deleting.id })}
        >
          <p>A profile can only be deleted when no device uses it.</p>
          <ErrorNotice error={remove.error} title="Not deleted" />
        </ConfirmDialog>
      )}
    </>
  );
}
