"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";

/** What the managed network server holds for this tenant, read live: its organisation and devices (never their keys). */
export function TenantNetwork({ tenantId }: { tenantId: string }) {
  const trpc = useTRPC();
  const network = useQuery({ ...trpc.provisioning.tenantNetwork.queryOptions({ tenantId }), retry: false, refetchInterval: (q) => (q.state.status === "error" ? false : 5_000) });
  if (network.isPending) return <LoadingRows rows={2} label="Reading the network server" />;
  if (network.error) return <ErrorNotice error={network.error} title="Couldn't read the network server" />;
  const n = network.data;
  if (!n.organisation) return <EmptyState title="Not on the network server yet">Its organisation is created with its first provisioning job (see Provisioning).</EmptyState>;
  return (
    <div className="space-y-3 text-sm">
      <p className="text-slate-600">
        On {n.server}: tenant <span className="font-mono text-xs">{n.organisation.remoteTenantId}</span>, application <span className="font-mono text-xs">{n.organisation.remoteApplicationId}</span>
        {n.organisation.createdRemoteTenant ? "" : " (adopted)"}.
      </p>
      {n.applicationMissing ? (
        <ErrorNotice error={{ message: "The application no longer exists on the network server; run the drift check to create it again." }} title="Application missing" />
      ) : n.devices.length === 0 ? (
        <EmptyState title="No devices on the network server" />
      ) : (
        <>
          <DataTable caption="Devices on the network server" columns={[{ label: "Device" }, { label: "DevEUI" }, { label: "Activation" }, { label: "State" }]}>
            {n.devices.map((d) => (
              <tr key={d.devEui} data-testid="network-device">
                <td className="py-2 pr-4">{d.name}</td>
                <td className="py-2 pr-4 font-mono text-xs">{d.devEui}</td>
                <td className="py-2 pr-4 uppercase">{d.activation ?? <span className="normal-case text-amber-700">no keys</span>}</td>
                <td className="py-2">{d.disabled ? <Badge tone="amber">disabled</Badge> : <Badge tone="green">enabled</Badge>}</td>
              </tr>
            ))}
          </DataTable>
          {n.total > n.devices.length && <p className="text-xs text-slate-500">The first {n.devices.length} of {n.total} devices.</p>}
        </>
      )}
    </div>
  );
}
