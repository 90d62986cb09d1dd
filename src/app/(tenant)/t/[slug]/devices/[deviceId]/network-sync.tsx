"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { SyncBadge } from "@/components/provisioning/sync-badge";
import { RelativeTime } from "@/components/relative-time";
import { Button } from "@/components/ui/button";
import { ErrorNotice, LoadingRows } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";

const EXPLANATIONS = {
  in_sync: "The council's network server holds this device with its keys and profile, so it can join and send.",
  pending: "A change is on its way to the network server. If the server is unreachable it is retried automatically.",
  failed: "The network server did not take the last change, so the device may not work on the network yet.",
  not_provisioned: "This device has not been sent to the network server yet.",
  not_managed: "The council manages this network server by hand; ask its network team to add the device.",
} as const;

/** Whether the network server holds the device as Longreach does; admins can send it again. */
export function NetworkSync({ deviceId, canRetry, suspended }: { deviceId: string; canRetry: boolean; suspended: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const states = useQuery({
    ...trpc.deviceSync.states.queryOptions({ deviceIds: [deviceId] }),
    refetchInterval: (q) => (q.state.data?.[deviceId]?.state === "pending" ? 2_000 : 30_000),
  });
  const retry = useMutation(
    trpc.deviceSync.retry.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.deviceSync.states.pathKey() }) }),
  );
  if (states.isPending) return <LoadingRows rows={1} label="Loading network state" />;
  if (states.error) return <ErrorNotice error={states.error} title="Couldn't load the network state" />;
  const sync = states.data[deviceId];
  if (!sync) return null;
  return (
    <div className="space-y-2 text-sm" data-testid="network-sync">
      <div className="flex flex-wrap items-center gap-2">
        <SyncBadge state={sync.state} />
        {sync.since && <span className="text-xs text-slate-500">since <RelativeTime date={sync.since} /></span>}
      </div>
      <p className="text-slate-600">{EXPLANATIONS[sync.state]}</p>
      {suspended && sync.state === "in_sync" && <p className="text-amber-800">While your organisation is suspended, the device is disabled on the network.</p>}
      {sync.error && (
        <p role={sync.state === "failed" ? "alert" : undefined} className="rounded-md bg-red-50 px-3 py-2 text-xs text-red-800 ring-1 ring-inset ring-red-200">
          {sync.state === "failed" ? "The network server said: " : "Last attempt: "}
          {sync.error}
        </p>
      )}
      {canRetry && (sync.state === "failed" || sync.state === "not_provisioned") && (
        <Button variant="secondary" busy={retry.isPending} onClick={() => retry.mutate({ deviceId })}>
          {sync.state === "failed" ? "Try again" : "Send to the network server"}
        </Button>
      )}
      <ErrorNotice error={retry.error} title="Couldn't retry" />
    </div>
  );
}
