"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { hasTenantRole } from "@/domain/tenancy/roles";
import { useTRPC } from "@/trpc/react";
import { ForwarderCard, type Forwarder } from "./forwarder-card";
import { ForwarderForm, type SigningSecret } from "./forwarder-form";
import { SigningSecretDialog } from "./signing-secret-dialog";

/** The tenant's webhook endpoints; admins add, change, rotate and delete them, everyone else reads. */
export function ForwarderList({ explainer }: { explainer: ReactNode }) {
  const { slug } = useParams<{ slug: string }>();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.workspace.current.queryOptions());
  const list = useQuery({ ...trpc.forwarders.list.queryOptions(), refetchInterval: (q) => (q.state.status === "error" ? false : 15_000) });
  const canManage = me.data ? hasTenantRole(me.data.role, "admin") : false;
  const [editing, setEditing] = useState<Forwarder | "new" | null>(null);
  const [secret, setSecret] = useState<SigningSecret | null>(null);
  const [rotating, setRotating] = useState<Forwarder | null>(null);
  const [deleting, setDeleting] = useState<Forwarder | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.forwarders.pathKey() });
  const rotate = useMutation(
    trpc.forwarders.rotateSecret.mutationOptions({
      onSuccess: ({ name, secret }) => {
        setRotating(null);
        setSecret({ name, secret });
      },
    }),
  );
  const remove = useMutation(
    trpc.forwarders.delete.mutationOptions({
      onSuccess: () => {
        setDeleting(null);
        void refresh();
      },
    }),
  );
  const addButton = (label: string) => canManage && !editing && <Button onClick={() => setEditing("new")}>{label}</Button>;

  return (
    <>
      <PageHeader title="Integrations" description="Send your devices' events to your own systems as they arrive (webhooks)." actions={addButton("Add endpoint")} />
      {editing && (
        <Card title={editing === "new" ? "Add endpoint" : `Edit ${editing.name}`} className="mb-6">
          <ForwarderForm
            key={editing === "new" ? "new" : editing.id}
            forwarder={editing === "new" ? null : editing}
            onCreated={(created) => {
              setEditing(null);
              setSecret(created);
              void refresh();
            }}
            onSaved={() => {
              setEditing(null);
              void refresh();
            }}
            onCancel={() => setEditing(null)}
          />
        </Card>
      )}

      <ErrorNotice error={list.error} title="Couldn't load endpoints" />
      {list.isPending ? (
        <LoadingRows label="Loading endpoints" />
      ) : list.data?.length === 0 ? (
        <EmptyState title="No endpoints yet" action={addButton("Add your first endpoint")}>
          <div className="mx-auto mt-3 max-w-2xl">{explainer}</div>
          {!canManage && <p className="mt-3">An admin of your organisation can add one.</p>}
        </EmptyState>
      ) : (
        list.data && (
          <>
            <ul className="space-y-4" aria-label="Endpoints">
              {list.data.map((f) => (
                <li key={f.id}>
                  <ForwarderCard
                    forwarder={f}
                    href={`/t/${slug}/integrations/${f.id}`}
                    canManage={canManage}
                    onEdit={() => setEditing(f)}
                    onRotate={() => setRotating(f)}
                    onDelete={() => setDeleting(f)}
                  />
                </li>
              ))}
            </ul>
            <Card title="How webhooks work" className="mt-6">
              {explainer}
            </Card>
          </>
        )
      )}

      <SigningSecretDialog shown={secret} onDone={() => setSecret(null)} />
      {rotating && (
        <ConfirmDialog
          open
          title={`Rotate the secret of ${rotating.name}?`}
          confirmLabel="Rotate secret"
          danger
          busy={rotate.isPending}
          onCancel={() => {
            setRotating(null);
            rotate.reset();
          }}
          onConfirm={() => rotate.mutate({ forwarderId: rotating.id })}
        >
          <p>The old secret stops working at once: requests from now on are signed with the new one, so put it into your receiver straight away.</p>
          <ErrorNotice error={rotate.error} title="Not rotated" />
        </ConfirmDialog>
      )}
      {deleting && (
        <ConfirmDialog
          open
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete endpoint"
          danger
          busy={remove.isPending}
          onCancel={() => {
            setDeleting(null);
            remove.reset();
          }}
          onConfirm={() => remove.mutate({ forwarderId: deleting.id })}
        >
          <p>Events are no longer sent to it, and its waiting and past deliveries are deleted. To pause it instead, switch sending off.</p>
          <ErrorNotice error={remove.error} title="Not deleted" />
        </ConfirmDialog>
      )}
    </>
  );
}
