"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { SelectField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorNotice, LoadingRows, SuccessNotice } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";

const VERDICTS: Record<string, { tone: BadgeTone; label: string }> = {
  ready: { tone: "green", label: "will be adopted" },
  registered: { tone: "slate", label: "already in Longreach" },
  no_keys: { tone: "amber", label: "no keys on the server" },
  unsupported_profile: { tone: "amber", label: "region or LoRaWAN version not supported" },
};

/**
 * Adoption: an existing ChirpStack application becomes a Longreach tenant's, and its devices are
 * registered with the keys the server holds (the usual way a council moves onto Longreach).
 */
export function Adoption() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const applications = useQuery(trpc.provisioning.applications.queryOptions());
  const tenants = useQuery(trpc.tenants.list.queryOptions({ page: 1, pageSize: 100 }));
  const [applicationId, setApplicationId] = useState<string | null>(null);
  const [tenantId, setTenantId] = useState("");
  const [confirming, setConfirming] = useState(false);
  const preview = useQuery({ ...trpc.provisioning.previewAdoption.queryOptions({ remoteApplicationId: applicationId ?? "" }), enabled: Boolean(applicationId) });
  const adopt = useMutation(
    trpc.provisioning.adopt.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        void queryClient.invalidateQueries({ queryKey: trpc.provisioning.pathKey() });
      },
    }),
  );
  const open = (tenants.data?.rows ?? []).filter((t) => t.status !== "closed");
  const ready = preview.data?.candidates.filter((c) => c.verdict === "ready").length ?? 0;
  const chosen = applications.data?.find((a) => a.id === applicationId);
  const chosenTenant = open.find((t) => t.id === tenantId);

  return (
    <>
      <PageHeader title="Adopt an application" description="Bring an application that already exists on the network server into a Longreach tenant, with its devices and their keys. Nothing changes on the network server." />
      <ErrorNotice error={applications.error} title="Couldn't read the network server's applications" />
      {adopt.data && (
        <div className="mb-4">
          <SuccessNotice>
            {adopt.data.adopted} device{adopt.data.adopted === 1 ? "" : "s"} adopted{adopt.data.skipped.length ? `, ${adopt.data.skipped.length} left on the network server only` : ""}. They show as in sync once their jobs have run.
            {adopt.data.replaced && ` The tenant's own empty application ${adopt.data.replaced.removed ? "was removed from" : "was left on"} the network server.`}
          </SuccessNotice>
        </div>
      )}
      <Card title="Applications on the network server" className="mb-6">
        {applications.isPending ? (
          <LoadingRows rows={3} label="Reading applications" />
        ) : applications.data && applications.data.length === 0 ? (
          <EmptyState title="The network server has no applications">There is nothing to adopt.</EmptyState>
        ) : (
          applications.data && (
            <DataTable caption="Applications on the network server" columns={[{ label: "Application" }, { label: "Network-server tenant" }, { label: "Longreach tenant" }, { label: "Actions", srOnly: true }]}>
              {applications.data.map((a) => (
                <tr key={a.id}>
                  <th scope="row" className="py-2 pr-4 text-left font-medium">
                    {a.name}
                    <div className="font-mono text-xs font-normal text-slate-500">{a.id}</div>
                  </th>
                  <td className="py-2 pr-4">{a.remoteTenantName}</td>
                  <td className="py-2 pr-4">{a.tenantId ? <Link href={`/operator/tenants/${a.tenantId}`} className="text-teal-800 hover:underline">{a.tenantName}</Link> : <span className="text-slate-500">none</span>}</td>
                  <td className="py-2 text-right">
                    <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => { setApplicationId(a.id); setTenantId(a.tenantId ?? ""); adopt.reset(); }}>
                      Preview<span className="sr-only"> {a.name}</span>
                    </Button>
                  </td>
                </tr>
              ))}
            </DataTable>
          )
        )}
      </Card>

      {chosen && (
        <Card title={`Adopt ${chosen.name}`}>
          <ErrorNotice error={preview.error} title="Couldn't read the application's devices" />
          {preview.isPending ? (
            <LoadingRows rows={3} label="Reading devices" />
          ) : (
            preview.data && (
              <div className="space-y-4">
                <DataTable caption={`Devices of ${chosen.name}`} columns={[{ label: "Device" }, { label: "DevEUI" }, { label: "Profile" }, { label: "Activation" }, { label: "Outcome" }]}>
                  {preview.data.candidates.map((c) => (
                    <tr key={c.devEui}>
                      <td className="py-2 pr-4">{c.name}</td>
                      <td className="py-2 pr-4 font-mono text-xs">{c.devEui}</td>
                      <td className="py-2 pr-4">{c.profileName ?? "—"}</td>
                      <td className="py-2 pr-4 uppercase">{c.activation ?? "—"}</td>
                      <td className="py-2"><Badge tone={VERDICTS[c.verdict]!.tone}>{VERDICTS[c.verdict]!.label}</Badge></td>
                    </tr>
                  ))}
                </DataTable>
                <div className="flex flex-wrap items-end gap-4">
                  <div className="min-w-72">
                    <SelectField label="Into tenant" value={tenantId} onChange={(e) => setTenantId(e.target.value)} options={[{ value: "", label: "Choose a tenant…" }, ...open.map((t) => ({ value: t.id, label: t.name }))]} />
                  </div>
                  <Button disabled={!tenantId} onClick={() => setConfirming(true)}>Adopt {ready} device{ready === 1 ? "" : "s"}</Button>
                </div>
              </div>
            )
          )}
        </Card>
      )}

      {confirming && chosen && (
        <ConfirmDialog open title={`Adopt ${chosen.name}?`} confirmLabel="Adopt" busy={adopt.isPending} onCancel={() => setConfirming(false)} onConfirm={() => adopt.mutate({ remoteApplicationId: chosen.id, tenantId })}>
          <p>
            The application becomes {chosenTenant?.name}&apos;s: its {ready} ready device{ready === 1 ? "" : "s"} are registered there with the keys the network server holds,
            and new devices of the tenant are created in it. Closing the tenant later removes its devices but leaves the application.
          </p>
          {chosenTenant && applications.data?.some((a) => a.tenantId === chosenTenant.id && a.id !== chosen.id) && (
            <p className="mt-2">
              {chosenTenant.name} already has its own application, made when it was onboarded. It is replaced if it is still empty (no devices on the network server or in Longreach), and
              removed from the network server with the tenant Longreach made for it.
            </p>
          )}
          <ErrorNotice error={adopt.error} />
        </ConfirmDialog>
      )}
    </>
  );
}
