"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { RelativeTime } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { DataTable } from "@/components/ui/data-table";
import { SelectField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";
import { CreateConnectionForm, type CreatedConnection } from "./create-connection-form";
import { SetupInstructions, kindNames, type ConnectionKind } from "./setup-instructions";

const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium" });
const count = new Intl.NumberFormat("en-GB");

interface Toggle { id: string; name: string; disabled: boolean }
interface Rotation { id: string; name: string; kind: ConnectionKind }

export function ConnectionList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ connection: CreatedConnection; rotated: boolean } | null>(null);
  const [toggle, setToggle] = useState<Toggle | null>(null);
  const [rotation, setRotation] = useState<Rotation | null>(null);
  const [guideKind, setGuideKind] = useState<ConnectionKind>("chirpstack");
  const list = useQuery({ ...trpc.connections.list.queryOptions(), refetchInterval: 30_000 });
  const setDisabled = useMutation(
    trpc.connections.setDisabled.mutationOptions({
      onSuccess() {
        setToggle(null);
        void queryClient.invalidateQueries({ queryKey: trpc.connections.list.queryKey() });
      },
    }),
  );

  const rotate = useMutation(
    trpc.connections.rotateSecret.mutationOptions({
      onSuccess(connection) {
        setRotation(null);
        setCreated({ connection, rotated: true });
        void queryClient.invalidateQueries({ queryKey: trpc.connections.list.queryKey() });
      },
    }),
  );

  return (
    <>
      <PageHeader
        title="Network connections"
        description="Network servers (ChirpStack, The Things Stack) allowed to send events to Longreach. Each has its own secret and rate limit."
        actions={!creating && !created && <Button onClick={() => setCreating(true)}>New connection</Button>}
      />
      {creating && (
        <CreateConnectionForm
          onCreated={(connection) => {
            setCreating(false);
            setCreated({ connection, rotated: false });
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      {created && <NewSecret connection={created.connection} rotated={created.rotated} onDone={() => setCreated(null)} />}

      <Card>
        <ErrorNotice error={list.error} title="Couldn't load connections" />
        {list.isPending ? (
          <LoadingRows label="Loading connections" />
        ) : list.data && list.data.connections.length === 0 ? (
          <EmptyState title="No network server is connected yet" action={!creating && <Button onClick={() => setCreating(true)}>Connect a network server</Button>}>
            Create a connection, then paste its secret into ChirpStack or The Things Stack. Devices&apos; events, gateways and unclaimed traffic appear once it
            sends.
          </EmptyState>
        ) : (
          list.data && (
            <DataTable
              caption="Network connections"
              columns={[{ label: "Name" }, { label: "Network server" }, { label: "State" }, { label: "Rate limit", numeric: true }, { label: "Last event" }, { label: "Created" }, { label: "Actions", srOnly: true }]}
            >
              {list.data.connections.map((c) => (
                <tr key={c.id}>
                  <th scope="row" className="py-2 pr-4 font-medium">
                    {c.name}
                    <div className="font-mono text-xs font-normal text-slate-500">{c.id}</div>
                  </th>
                  <td className="py-2 pr-4">{kindNames[c.kind]}</td>
                  <td className="py-2 pr-4">{c.disabled ? <Badge tone="slate">disabled</Badge> : <Badge tone="green">enabled</Badge>}</td>
                  <td className="py-2 pr-4 text-right tabular-nums">{count.format(c.ratePerSecond)}/s</td>
                  <td className="py-2 pr-4"><RelativeTime date={c.lastEventAt} fallback="nothing yet" /></td>
                  <td className="py-2 pr-4 text-slate-600">{date.format(c.createdAt)}</td>
                  <td className="whitespace-nowrap py-2 text-right">
                    <Button variant="secondary" className="mr-2 px-2 py-1 text-xs" onClick={() => setRotation({ id: c.id, name: c.name, kind: c.kind })}>
                      Rotate secret
                      <span className="sr-only"> of {c.name}</span>
                    </Button>
                    <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setToggle({ id: c.id, name: c.name, disabled: !c.disabled })}>
                      {c.disabled ? "Enable" : "Disable"}
                      <span className="sr-only"> {c.name}</span>
                    </Button>
                  </td>
                </tr>
              ))}
            </DataTable>
          )
        )}
      </Card>

      {list.data && (
        <Card title="How to connect a network server" className="mt-6">
          <div className="mb-4 max-w-xs">
            <SelectField
              label="Network server"
              options={(Object.keys(kindNames) as ConnectionKind[]).map((k) => ({ value: k, label: kindNames[k] }))}
              value={guideKind}
              onChange={(e) => setGuideKind(e.target.value as ConnectionKind)}
            />
          </div>
          <SetupInstructions kind={guideKind} endpointUrl={list.data.endpoints[guideKind]} />
        </Card>
      )}

      {rotation && (
        <ConfirmDialog
          open
          title={`Rotate the secret of ${rotation.name}?`}
          confirmLabel="Rotate secret"
          danger
          busy={rotate.isPending}
          onCancel={() => { setRotation(null); rotate.reset(); }}
          onConfirm={() => rotate.mutate({ connectionId: rotation.id })}
        >
          <p>
            The current secret stops working immediately: {kindNames[rotation.kind]} is refused (HTTP 401) until you paste the new one into it. The new
            secret is shown once, on this page, when you confirm.
          </p>
          <ErrorNotice error={rotate.error} />
        </ConfirmDialog>
      )}

      {toggle && (
        <ConfirmDialog
          open
          title={`${toggle.disabled ? "Disable" : "Enable"} ${toggle.name}?`}
          confirmLabel={toggle.disabled ? "Disable connection" : "Enable connection"}
          danger={toggle.disabled}
          busy={setDisabled.isPending}
          onCancel={() => { setToggle(null); setDisabled.reset(); }}
          onConfirm={() => setDisabled.mutate({ connectionId: toggle.id, disabled: toggle.disabled })}
        >
          {toggle.disabled ? (
            <p>
              Its events are refused at once (HTTP 401; by MQTT workers within 30 seconds), so devices&apos; traffic through it is no longer recorded or metered. The network server keeps
              retrying for a while; enable the connection again to resume with the same secret.
            </p>
          ) : (
            <p>Its secret is accepted again within 30 seconds and events are recorded as they arrive.</p>
          )}
          <ErrorNotice error={setDisabled.error} />
        </ConfirmDialog>
      )}
    </>
  );
}

/** The only time a secret is ever visible (when created or rotated): it is stored as a hash. */
function NewSecret({ connection, rotated, onDone }: { connection: CreatedConnection; rotated: boolean; onDone(): void }) {
  return (
    <section aria-labelledby="new-secret-title" className="mb-6 rounded-lg bg-white shadow-sm ring-2 ring-teal-600">
      <header className="border-b border-slate-100 px-5 py-3">
        <h2 id="new-secret-title" className="text-base font-semibold text-slate-900">
          {rotated ? `${connection.name} has a new secret: update ${kindNames[connection.kind]}` : `${connection.name} is ready: set up ${kindNames[connection.kind]}`}
        </h2>
      </header>
      <div className="space-y-5 p-5">
        <div role="status" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
          <p className="font-semibold">Copy the secret now: it is shown only once.</p>
          <p>
            {rotated && "The old secret no longer works: events are refused until the network server sends this one. "}
            Longreach keeps only a hash of it; if it is lost, rotate the secret again.
          </p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code className="break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900 ring-1 ring-amber-200" data-testid="connection-secret">
              {connection.secret}
            </code>
            <CopyButton text={connection.secret} label="Copy secret" />
          </div>
        </div>
        <SetupInstructions kind={connection.kind} endpointUrl={connection.endpointUrl} secret={connection.secret} connectionId={connection.id} />
        <Button onClick={onDone}>I&apos;ve saved the secret</Button>
      </div>
    </section>
  );
}
