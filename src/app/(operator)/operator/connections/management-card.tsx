"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { RelativeTime } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { EmptyState, ErrorNotice, LoadingRows, SuccessNotice } from "@/components/ui/states";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";

type Kind = "chirpstack" | "simulated";
const KIND_NAMES: Record<Kind, string> = { chirpstack: "ChirpStack v4 (gRPC API)", simulated: "Simulated network server (built in)" };

/**
 * Management: the connection whose network server Longreach provisions tenants, devices and gateways
 * into. The API token is write-only here: it is never shown again once saved.
 */
export function ManagementCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const management = useQuery(trpc.networkManagement.get.queryOptions());
  const connections = useQuery(trpc.connections.list.queryOptions());
  const [editing, setEditing] = useState(false);
  const [turningOff, setTurningOff] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.networkManagement.get.queryKey() });
  const test = useMutation(trpc.networkManagement.test.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.networkManagement.remove.mutationOptions({ onSuccess: () => { setTurningOff(false); refresh(); } }));
  const m = management.data;

  return (
    <Card title="Management: provisioning into the network server" className="mt-6">
      <ErrorNotice error={management.error} title="Couldn't load the management settings" />
      {management.isPending ? (
        <LoadingRows rows={2} label="Loading management settings" />
      ) : editing || !m ? (
        connections.data?.connections.length ? (
          <ManagementForm current={m ?? null} connections={connections.data.connections} onDone={() => { setEditing(false); refresh(); }} onCancel={m ? () => setEditing(false) : undefined} />
        ) : (
          <EmptyState title="No network server is managed">Create a connection first; then choose it here to have Longreach create tenants, devices and gateways on it.</EmptyState>
        )
      ) : (
        <div className="space-y-4 text-sm">
          <p className="text-slate-600">
            Longreach creates each tenant&apos;s organisation, device profiles and devices (with their keys) on this network server, and the council&apos;s gateways
            under its own tenant. Changes are queued and retried; see <Link href="/operator/provisioning" className="text-teal-700 underline">Provisioning</Link>.
          </p>
          <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
            <Item label="Connection">{m.connectionName}</Item>
            <Item label="Network server">{KIND_NAMES[m.kind]}</Item>
            {m.kind === "chirpstack" && <Item label="API address"><span className="font-mono text-xs">{m.apiUrl}</span></Item>}
            {m.kind === "chirpstack" && <Item label="API token">{m.hasToken ? "set (never shown again)" : "missing"}</Item>}
            <Item label="Council's tenant (gateways)">{m.councilRemoteTenantId ? <span className="font-mono text-xs">{m.councilRemoteTenantId}</span> : "created on first gateway"}</Item>
            <Item label="Last checked"><RelativeTime date={m.lastCheckedAt} fallback="not yet" /></Item>
          </dl>
          {m.lastError ? (
            <div role="alert" className="rounded-md bg-red-50 px-4 py-3 text-red-800 ring-1 ring-inset ring-red-200" data-testid="management-error">
              <p className="font-semibold">Longreach cannot work with this network server</p>
              <p>{m.lastError}</p>
            </div>
          ) : (
            m.lastCheckedAt && <Badge tone="green">reachable</Badge>
          )}
          {test.data && <SuccessNotice>Connected to {test.data.server}.</SuccessNotice>}
          <ErrorNotice error={test.error} title="The test failed" />
          <div className="flex flex-wrap gap-2">
            <Button busy={test.isPending} onClick={() => test.mutate()}>Test connection</Button>
            <Button variant="secondary" onClick={() => setEditing(true)}>Change settings</Button>
            <Button variant="secondary" onClick={() => setTurningOff(true)}>Turn off</Button>
          </div>
        </div>
      )}
      {turningOff && m && (
        <ConfirmDialog
          open
          title={`Stop managing ${m.connectionName}?`}
          confirmLabel="Turn off management"
          danger
          busy={remove.isPending}
          onCancel={() => setTurningOff(false)}
          onConfirm={() => remove.mutate({ connectionId: m.connectionId })}
        >
          <p>Nothing is removed from the network server. Changes in Longreach are no longer sent to it until management is turned on again; the drift check then shows what differs.</p>
          <ErrorNotice error={remove.error} />
        </ConfirmDialog>
      )}
    </Card>
  );
}

interface Current { connectionId: string; kind: Kind; apiUrl: string | null; hasToken: boolean; councilRemoteTenantId: string | null }

function ManagementForm({ current, connections, onDone, onCancel }: { current: Current | null; connections: Array<{ id: string; name: string }>; onDone(): void; onCancel?: () => void }) {
  const trpc = useTRPC();
  const [kind, setKind] = useState<Kind>(current?.kind ?? "chirpstack");
  const configure = useMutation(trpc.networkManagement.configure.mutationOptions({ onSuccess: onDone }));
  const fields = fieldErrorsOf(configure.error);
  return (
    <form
      className="grid gap-4 sm:grid-cols-2"
      noValidate
      autoComplete="off"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const text = (name: string) => String(form.get(name) ?? "").trim() || null;
        // A disabled select is left out of the form's data: a managed connection's own id is kept.
        configure.mutate({ connectionId: current?.connectionId ?? String(form.get("connectionId")), kind, apiUrl: text("apiUrl"), apiToken: text("apiToken"), councilRemoteTenantId: text("councilRemoteTenantId") });
      }}
    >
      {Object.keys(fields).length === 0 && (
        <div className="sm:col-span-2">
          <ErrorNotice error={configure.error} title="Couldn't save the settings" />
        </div>
      )}
      <SelectField label="Connection" name="connectionId" defaultValue={current?.connectionId ?? connections[0]?.id} disabled={Boolean(current)} options={connections.map((c) => ({ value: c.id, label: c.name }))} error={fields.connectionId} />
      <SelectField label="Network server" name="kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)} options={(Object.keys(KIND_NAMES) as Kind[]).map((k) => ({ value: k, label: KIND_NAMES[k] }))} error={fields.kind} />
      {kind === "chirpstack" ? (
        <>
          <TextField label="ChirpStack API address" name="apiUrl" type="url" required defaultValue={current?.apiUrl ?? ""} placeholder="https://chirpstack.example.gov.uk" hint="The gRPC API: the address of ChirpStack's web interface (port 8080 by default, or 443 behind TLS)." error={fields.apiUrl} />
          <TextField
            label="API token"
            name="apiToken"
            type="password"
            autoComplete="new-password"
            placeholder={current?.hasToken ? "leave empty to keep the saved token" : ""}
            hint="ChirpStack → Network Server → API keys → Add API key (an admin key). Stored encrypted; never shown again."
            error={fields.apiToken}
          />
          <TextField label="Council's ChirpStack tenant id (optional)" name="councilRemoteTenantId" defaultValue={current?.councilRemoteTenantId ?? ""} hint="Where the council's gateways are. Empty: Longreach creates a tenant for them." error={fields.councilRemoteTenantId} />
        </>
      ) : (
        <p className="text-sm text-slate-600 sm:col-span-2">
          The built-in simulation keeps what ChirpStack would hold in Longreach&apos;s own database. It carries no radio traffic: use it to try Longreach out, then switch to ChirpStack.
        </p>
      )}
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" busy={configure.isPending}>Save</Button>
        {onCancel && <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>}
      </div>
    </form>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="font-medium text-slate-600">{label}</dt>
      <dd className="mt-0.5 text-slate-900">{children}</dd>
    </div>
  );
}
