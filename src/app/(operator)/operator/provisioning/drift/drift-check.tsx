"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { RelativeTime } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorNotice, SuccessNotice } from "@/components/ui/states";
import { describeDifference, differenceKey, FIXES, type Difference, type Fix } from "@/domain/provisioning/drift";
import { useTRPC } from "@/trpc/react";

const FIX_LABELS: Record<Fix, string> = { push: "Push Longreach's version", remove: "Remove from the network server", adopt: "Adopt into Longreach" };
const CONFIRM: Record<Exclude<Fix, "push">, string> = {
  remove: "It is deleted from the network server. A device or gateway removed this way stops working on the network.",
  adopt: "It is registered in Longreach with what the network server holds (for a device: its keys, in its tenant), and managed by Longreach from then on.",
};

/** Compares Longreach with the network server, and fixes each difference on request (each fix is audited). */
export function DriftCheck() {
  const trpc = useTRPC();
  const check = useMutation(trpc.provisioning.checkDrift.mutationOptions());
  const fix = useMutation(trpc.provisioning.fix.mutationOptions({ onSuccess: (_, input) => setFixed((done) => new Set(done).add(`${input.kind}:${input.devEui ?? input.gatewayEui ?? input.tenantId}`)) }));
  const [fixed, setFixed] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState<{ difference: Difference; fix: Exclude<Fix, "push"> } | null>(null);
  const report = check.data;

  const apply = (difference: Difference, choice: Fix) =>
    fix.mutate(
      {
        kind: difference.kind,
        fix: choice,
        tenantId: "tenantId" in difference ? difference.tenantId : undefined,
        deviceId: "deviceId" in difference ? difference.deviceId : undefined,
        devEui: "devEui" in difference ? difference.devEui : undefined,
        gatewayEui: "gatewayEui" in difference ? difference.gatewayEui : undefined,
      },
      { onSettled: () => setConfirming(null) },
    );

  return (
    <>
      <PageHeader
        title="Drift check"
        description="Compares every tenant's devices (keys, profile, disabled flag, name) and the council's gateways with what the network server holds. Also available as npm run provisioning:check."
        actions={<Button busy={check.isPending} onClick={() => { setFixed(new Set()); check.mutate(); }}>{report ? "Check again" : "Run the check"}</Button>}
      />
      <ErrorNotice error={check.error} title="The check could not run" />
      <ErrorNotice error={fix.error} title="Couldn't fix that difference" />
      {!report ? (
        !check.isPending && <Card><EmptyState title="Not checked yet">The check reads every device from the network server, so it runs when you ask.</EmptyState></Card>
      ) : (
        <Card title={`${report.differences.length} difference${report.differences.length === 1 ? "" : "s"}`}>
          <p className="mb-4 text-sm text-slate-600">
            {report.compared.tenants} tenants, {report.compared.devices} devices and {report.compared.gateways} gateways compared with {report.server}, <RelativeTime date={report.checkedAt} />.
          </p>
          {report.differences.length === 0 ? (
            <SuccessNotice>Longreach and the network server agree.</SuccessNotice>
          ) : (
            <DataTable caption="Differences between Longreach and the network server" columns={[{ label: "Difference" }, { label: "State" }, { label: "Fix", srOnly: true }]}>
              {report.differences.map((difference) => {
                const key = differenceKey(difference);
                return (
                  <tr key={key} className="align-top" data-testid="difference">
                    <td className="py-2 pr-4">{describeDifference(difference)}</td>
                    <td className="whitespace-nowrap py-2 pr-4">
                      {fixed.has(key) ? <Badge tone="green">fix queued</Badge> : difference.pending ? <Badge tone="blue">a job is queued</Badge> : <Badge tone="amber">differs</Badge>}
                    </td>
                    <td className="py-2 text-right">
                      <div className="flex flex-wrap justify-end gap-2">
                        {!fixed.has(key) && FIXES[difference.kind].map((choice) => (
                          <Button
                            key={choice}
                            variant={choice === FIXES[difference.kind][0] ? "primary" : "secondary"}
                            className="px-2 py-1 text-xs"
                            busy={fix.isPending && fix.variables?.kind === difference.kind && fix.variables.fix === choice && (fix.variables.devEui ?? fix.variables.gatewayEui ?? fix.variables.tenantId) === key.split(":")[1]}
                            onClick={() => (choice === "push" ? apply(difference, choice) : setConfirming({ difference, fix: choice }))}
                          >
                            {FIX_LABELS[choice]}
                          </Button>
                        ))}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </Card>
      )}
      {confirming && (
        <ConfirmDialog open title={`${FIX_LABELS[confirming.fix]}?`} confirmLabel={FIX_LABELS[confirming.fix]} danger={confirming.fix === "remove"} busy={fix.isPending} onCancel={() => setConfirming(null)} onConfirm={() => apply(confirming.difference, confirming.fix)}>
          <p>{describeDifference(confirming.difference)}</p>
          <p className="mt-2">{CONFIRM[confirming.fix]}</p>
          <ErrorNotice error={fix.error} />
        </ConfirmDialog>
      )}
    </>
  );
}
