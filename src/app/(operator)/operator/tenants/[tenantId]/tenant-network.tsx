"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { TextField } from "@/components/ui/field";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";

const PAGE_SIZE = 25;
/**
 * Each device shown is read live from the server (three calls each): looked at again every 2 s while
 * some of the tenant's changes are on their way there (a suspension disabling its devices), otherwise
 * every 30 s, or when the operator asks.
 */
const WHILE_PENDING_MS = 2_000;
const SETTLED_MS = 30_000;

/** What the managed network server holds for this tenant, read live: its organisation and devices (never their keys). */
export function TenantNetwork({ tenantId }: { tenantId: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const deferredSearch = useDeferredValue(search.trim());
  const network = useQuery({
    ...trpc.provisioning.tenantNetwork.queryOptions({ tenantId, search: deferredSearch || undefined, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    retry: false,
    refetchInterval: (q) => (q.state.status === "error" ? false : q.state.data?.pendingJobs ? WHILE_PENDING_MS : SETTLED_MS),
  });
  if (network.isPending) return <LoadingRows rows={2} label="Reading the network server" />;
  if (network.error) return <ErrorNotice error={network.error} title="Couldn't read the network server" />;
  const n = network.data;
  if (!n.organisation) return <EmptyState title="Not on the network server yet">Its organisation is created with its first provisioning job (see Provisioning).</EmptyState>;
  return (
    <div className="space-y-3 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-slate-600">
          On {n.server}: tenant <span className="font-mono text-xs">{n.organisation.remoteTenantId}</span>, application <span className="font-mono text-xs">{n.organisation.remoteApplicationId}</span>
          {n.organisation.createdRemoteTenant ? "" : " (adopted)"}.
        </p>
        <div className="flex items-center gap-2 text-xs text-slate-500">
          <span aria-live="polite">
            {n.pendingJobs ? `${n.pendingJobs} change${n.pendingJobs === 1 ? "" : "s"} on the way · ` : ""}read at {new Date(network.dataUpdatedAt).toLocaleTimeString("en-GB")}
          </span>
          <Button variant="secondary" busy={network.isFetching} onClick={() => void network.refetch()}>Read again</Button>
        </div>
      </div>
      {n.applicationMissing ? (
        <ErrorNotice error={{ message: "The application no longer exists on the network server; run the drift check to create it again." }} title="Application missing" />
      ) : (
        <>
          <div className="max-w-sm">
            <TextField label="Find a device on the network server" type="search" placeholder="Name or DevEUI" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} />
          </div>
          {n.total === 0 ? (
            <EmptyState title={deferredSearch ? "No device on the network server matches" : "No devices on the network server"} />
          ) : (
            <>
              <DataTable caption="Devices on the network server" busy={network.isFetching} columns={[{ label: "Device" }, { label: "DevEUI" }, { label: "Activation" }, { label: "State" }]}>
                {n.devices.map((d) => (
                  <tr key={d.devEui} data-testid="network-device">
                    <td className="py-2 pr-4">{d.name}</td>
                    <td className="py-2 pr-4 font-mono text-xs">{d.devEui}</td>
                    <td className="py-2 pr-4 uppercase">{d.activation ?? <span className="normal-case text-amber-700">no keys</span>}</td>
                    <td className="py-2">{d.disabled ? <Badge tone="amber">disabled</Badge> : <Badge tone="green">enabled</Badge>}</td>
                  </tr>
                ))}
              </DataTable>
              <Pagination page={page} pageSize={PAGE_SIZE} total={n.total} onPage={setPage} />
            </>
          )}
        </>
      )}
    </div>
  );
}
