"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { OneTimeSecretDialog, type OneTimeSecret } from "@/components/one-time-secret-dialog";
import { RelativeTime } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { API_KEY_PREFIX, apiKeyStatus } from "@/domain/identity/api-key-input";
import { hasTenantRole } from "@/domain/tenancy/roles";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import { ApiKeyExplainer } from "./api-key-explainer";
import { ApiKeyForm } from "./api-key-form";

type ApiKey = inferRouterOutputs<AppRouter>["apiKeys"]["list"][number];

/** The tenant's REST API keys. Keys are credentials, so only admins see the list; others get the explanation and who to ask. */
export function ApiKeyList({ apiUrl, docsHref }: { apiUrl: string; docsHref: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.workspace.current.queryOptions());
  const isAdmin = me.data ? hasTenantRole(me.data.role, "admin") : false;
  const list = useQuery({ ...trpc.apiKeys.list.queryOptions(), enabled: isAdmin });
  const [created, setCreated] = useState<OneTimeSecret | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.pathKey() });
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: ({ name }) => {
        setRevoking(null);
        setAnnouncement(`Key ${name} revoked.`);
        void refresh();
      },
    }),
  );

  if (!me.data) return null;
  return (
    <Card title="API keys" className="mt-8">
      <div className="space-y-5">
        <ApiKeyExplainer apiUrl={apiUrl} docsHref={docsHref} />
        {!isAdmin ? (
          <p className="text-sm text-slate-600">Only admins of your organisation can see and create keys.</p>
        ) : (
          <>
            <p role="status" aria-live="polite" className="text-sm text-emerald-800 empty:hidden">
              {announcement}
            </p>
            <ErrorNotice error={list.error} title="Couldn't load API keys" />
            {list.isPending ? (
              <LoadingRows label="Loading API keys" />
            ) : list.data?.length === 0 ? (
              <EmptyState title="No API keys yet">Create one below for each system that should read your devices&apos; data or register devices.</EmptyState>
            ) : (
              list.data && <ApiKeyTable keys={list.data} busy={list.isFetching} onRevoke={setRevoking} />
            )}
            <ApiKeyForm
              onCreated={(key) => {
                setCreated(key);
                setAnnouncement(`Key ${key.name} created.`);
                void refresh();
              }}
            />
          </>
        )}
      </div>

      <OneTimeSecretDialog
        shown={created}
        title={created ? `API key ${created.name}` : "API key"}
        description="Put it into the system that calls the API; it sends it as Authorization: Bearer <key>."
        noun="key"
        secretLabel="API key"
        ifLost="revoke the key and create a new one"
        testId="api-key"
        onDone={() => setCreated(null)}
      />
      {revoking && (
        <ConfirmDialog
          open
          title={`Revoke ${revoking.name}?`}
          confirmLabel="Revoke key"
          danger
          busy={revoke.isPending}
          onCancel={() => {
            setRevoking(null);
            revoke.reset();
          }}
          onConfirm={() => revoke.mutate({ apiKeyId: revoking.id })}
        >
          <p>It stops working at once: requests that send it are refused. This cannot be undone; create a new key if the system needs access again.</p>
          <ErrorNotice error={revoke.error} title="Not revoked" />
        </ConfirmDialog>
      )}
    </Card>
  );
}

const STATUS_TONE = { active: "green", expired: "amber", revoked: "slate" } as const;

function ApiKeyTable({ keys, busy, onRevoke }: { keys: ApiKey[]; busy: boolean; onRevoke(key: ApiKey): void }) {
  return (
    <DataTable
      caption="API keys"
      busy={busy}
      columns={[{ label: "Name" }, { label: "Key id" }, { label: "Access" }, { label: "Created" }, { label: "Expires" }, { label: "Last used" }, { label: "Status" }, { label: "Actions", srOnly: true }]}
    >
      {keys.map((k) => {
        const status = apiKeyStatus(k);
        return (
          <tr key={k.id}>
            <td className="py-2 pr-4 font-medium text-slate-900">{k.name}</td>
            <td className="py-2 pr-4 font-mono text-xs">
              {API_KEY_PREFIX}
              {k.publicId}_…
            </td>
            <td className="py-2 pr-4">{k.scope === "read-write" ? "read and write" : "read"}</td>
            <td className="py-2 pr-4">
              <RelativeTime date={k.createdAt} />
              {k.createdBy && <div className="text-xs text-slate-500" title={k.createdBy.email}>by {k.createdBy.name}</div>}
            </td>
            <td className="py-2 pr-4">
              <RelativeTime date={k.expiresAt} fallback="never" />
            </td>
            <td className="py-2 pr-4">
              <RelativeTime date={k.lastUsedAt} />
            </td>
            <td className="py-2 pr-4">
              <Badge tone={STATUS_TONE[status]}>{status}</Badge>
            </td>
            <td className="py-2 text-right">
              {!k.revokedAt && (
                <Button variant="ghost" aria-label={`Revoke ${k.name}`} onClick={() => onRevoke(k)}>
                  Revoke
                </Button>
              )}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
