"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorNotice } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";

type Target = "active" | "suspended" | "closed";

const explanations: Record<Target, { label: string; confirm: string; danger: boolean }> = {
  active: { label: "Activate", confirm: "Its members can use the portal and its devices' traffic is shown and forwarded.", danger: false },
  suspended: { label: "Suspend", confirm: "Its members keep access to their account, but the tenant's traffic is no longer shown or forwarded, and its devices are disabled on the network server, until you reactivate it.", danger: true },
  closed: { label: "Close", confirm: "Closing is permanent: members lose access and the tenant cannot be reopened.", danger: true },
};

const allowed: Record<string, Target[]> = { pending: ["active", "closed"], active: ["suspended", "closed"], suspended: ["active", "closed"], closed: [] };

export function StatusActions({ tenantId, name, status }: { tenantId: string; name: string; status: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<Target | null>(null);
  const impact = useQuery({ ...trpc.tenants.closureImpact.queryOptions({ tenantId }), enabled: target === "closed" });
  const change = useMutation(
    trpc.tenants.setStatus.mutationOptions({
      onSuccess() {
        setTarget(null);
        void queryClient.invalidateQueries({ queryKey: trpc.tenants.get.queryKey({ tenantId }) });
        // The change queues jobs for the network server: its list looks again, and keeps looking while they are on their way.
        void queryClient.invalidateQueries({ queryKey: trpc.provisioning.tenantNetwork.pathKey() });
      },
    }),
  );
  return (
    <>
      {(allowed[status] ?? []).map((t) => (
        <Button key={t} variant={explanations[t].danger ? "secondary" : "primary"} onClick={() => setTarget(t)}>
          {explanations[t].label}
        </Button>
      ))}
      {target && (
        <ConfirmDialog
          open
          title={`${explanations[target].label} ${name}?`}
          confirmLabel={explanations[target].label}
          danger={explanations[target].danger}
          busy={change.isPending || (target === "closed" && impact.isPending)}
          onCancel={() => setTarget(null)}
          onConfirm={() => change.mutate({ tenantId, status: target, devicesToRemove: target === "closed" ? impact.data?.devices : undefined })}
        >
          <p>{explanations[target].confirm}</p>
          {target === "closed" && impact.data?.managed && (
            <p className="mt-2 font-semibold text-red-800" data-testid="closure-impact">
              {impact.data.devices === 0
                ? "It has no devices on the network server."
                : `Its ${impact.data.devices} device${impact.data.devices === 1 ? "" : "s"} will be removed from the network server and stop working.`}
            </p>
          )}
          <ErrorNotice error={change.error} />
        </ConfirmDialog>
      )}
    </>
  );
}
