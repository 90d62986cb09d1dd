"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { describeCondition } from "@/domain/alerts/alert-rule";
import { useTRPC } from "@/trpc/react";
import { AlertRuleForm, ruleOfRow, type RuleRow } from "./alert-rule-form";

/** The rules that raise alerts; admins add, change, pause and delete them. */
export function AlertRules({ canConfigure }: { canConfigure: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery(trpc.alerts.rules.queryOptions());
  const [editing, setEditing] = useState<RuleRow | "new" | null>(null);
  const [deleting, setDeleting] = useState<RuleRow | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
  const toggle = useMutation(trpc.alerts.updateRule.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.alerts.deleteRule.mutationOptions({ onSuccess: async () => { setDeleting(null); await refresh(); } }));

  return (
    <Card title="Rules" actions={canConfigure && editing === null && <Button onClick={() => setEditing("new")}>Add alert</Button>}>
      {editing !== null && (
        <div className="mb-6 rounded-md border border-slate-200 p-4">
          <AlertRuleForm rule={editing === "new" ? null : editing} onDone={() => { setEditing(null); void refresh(); }} />
        </div>
      )}
      <ErrorNotice error={rules.error ?? toggle.error} title="Couldn't change the alerts" />
      {rules.isPending ? (
        <LoadingRows rows={3} label="Loading rules" />
      ) : rules.data && rules.data.length === 0 ? (
        <EmptyState title="No alerts set up">{canConfigure ? "Add an alert, e.g. a bin over 80 % full, or any device silent for 6 hours." : "An admin of your organisation can set up alerts."}</EmptyState>
      ) : (
        rules.data && (
          <DataTable caption="Alert rules" columns={[{ label: "Name" }, { label: "Condition" }, { label: "Devices" }, { label: "State" }, canConfigure && { label: "Actions", srOnly: true }]}>
            {rules.data.map((r) => (
              <tr key={r.id}>
                <td className="py-2 pr-4 font-medium">{r.name}</td>
                <td className="py-2 pr-4">{describeCondition(ruleOfRow(r))}</td>
                <td className="py-2 pr-4">{r.deviceId ? (r.deviceName ?? "a deleted device") : "All devices"}</td>
                <td className="py-2 pr-4">{r.enabled ? <Badge tone="green">on</Badge> : <Badge tone="slate">paused</Badge>}</td>
                {canConfigure && (
                  <td className="space-x-1 whitespace-nowrap py-2 text-right">
                    <Button variant="ghost" onClick={() => setEditing(r)} aria-label={`Change ${r.name}`}>Change</Button>
                    <Button variant="ghost" busy={toggle.isPending && toggle.variables?.ruleId === r.id} onClick={() => toggle.mutate({ ...ruleOfRow(r), ruleId: r.id, enabled: !r.enabled })} aria-label={`${r.enabled ? "Pause" : "Resume"} ${r.name}`}>
                      {r.enabled ? "Pause" : "Resume"}
                    </Button>
                    <Button variant="ghost" onClick={() => setDeleting(r)} aria-label={`Delete ${r.name}`}>Delete</Button>
                  </td>
                )}
              </tr>
            ))}
          </DataTable>
        )
      )}
      {deleting && (
        <ConfirmDialog open danger title={`Delete the alert “${deleting.name}”?`} confirmLabel="Delete alert" busy={remove.isPending} onCancel={() => setDeleting(null)} onConfirm={() => remove.mutate({ ruleId: deleting.id })}>
          <p>It stops watching, and the alerts it raised, in force or past, are removed with it. To stop it for a while, pause it instead.</p>
          <ErrorNotice error={remove.error} />
        </ConfirmDialog>
      )}
    </Card>
  );
}
