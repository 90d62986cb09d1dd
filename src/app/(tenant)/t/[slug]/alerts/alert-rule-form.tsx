"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { ErrorNotice } from "@/components/ui/states";
import type { AlertKind, AlertRule, AlertRuleInput } from "@/domain/alerts/alert-rule";
import type { AppRouter } from "@/server/api/root";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";
import { deviceOptions, type DeviceChoice } from "./device-options";

export type RuleRow = inferRouterOutputs<AppRouter>["alerts"]["rules"][number];

/** A stored rule as the form and the condition's description read it. */
export function ruleOfRow(r: RuleRow): AlertRule & AlertRuleInput {
  const base = { id: r.id, name: r.name, deviceId: r.deviceId };
  if (r.kind === "silent") return { ...base, kind: "silent", silentHours: r.silentHours! };
  if (r.kind === "battery") return { ...base, kind: "battery", batteryBelowPercent: r.batteryBelowPercent! };
  return { ...base, kind: "field", field: r.field!, comparison: r.comparison!, threshold: r.threshold! };
}

/** Devices the picker lists at once; a search finds the others. */
const DEVICES_LISTED = 50;

const KINDS: Array<{ value: AlertKind; label: string }> = [
  { value: "field", label: "A reading goes over or under a value" },
  { value: "silent", label: "A device goes quiet" },
  { value: "battery", label: "A battery runs low" },
];

/** Adds a rule, or changes one; every field checked by the server's own schema, each error shown beside its field. */
export function AlertRuleForm({ rule, onDone }: { rule: RuleRow | null; onDone(): void }) {
  const trpc = useTRPC();
  const [kind, setKind] = useState<AlertKind>(rule?.kind ?? "field");
  const [device, setDevice] = useState<DeviceChoice | null>(rule?.deviceId ? { id: rule.deviceId, name: rule.deviceName ?? "A deleted device" } : null);
  const [deviceSearch, setDeviceSearch] = useState("");
  const search = useDeferredValue(deviceSearch.trim());
  const devices = useQuery({ ...trpc.devices.list.queryOptions({ sort: "name", page: 1, pageSize: DEVICES_LISTED, search: search || undefined }), placeholderData: keepPreviousData });
  const found = devices.data?.rows ?? [];
  const fields = useQuery(trpc.readings.fields.queryOptions());
  const create = useMutation(trpc.alerts.createRule.mutationOptions({ onSuccess: onDone }));
  const update = useMutation(trpc.alerts.updateRule.mutationOptions({ onSuccess: onDone }));
  const saving = rule ? update : create;
  const errors = fieldErrorsOf(saving.error);
  const number = (value: FormDataEntryValue | null) => (String(value ?? "").trim() === "" ? Number.NaN : Number(String(value).replace(",", ".")));

  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const common = { name: String(form.get("name") ?? ""), deviceId: device?.id ?? null };
        const input: AlertRuleInput =
          kind === "silent" ? { ...common, kind, silentHours: number(form.get("silentHours")) }
          : kind === "battery" ? { ...common, kind, batteryBelowPercent: number(form.get("batteryBelowPercent")) }
          : { ...common, kind, field: String(form.get("field") ?? ""), comparison: form.get("comparison") === "below" ? "below" : "above", threshold: number(form.get("threshold")) };
        if (rule) update.mutate({ ...input, ruleId: rule.id, enabled: rule.enabled });
        else create.mutate(input);
      }}
    >
      <h3 className="text-sm font-semibold text-slate-900">{rule ? `Change “${rule.name}”` : "New alert"}</h3>
      {!Object.values(errors).some(Boolean) && <ErrorNotice error={saving.error} title="The alert wasn't saved" />}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" name="name" defaultValue={rule?.name ?? ""} maxLength={80} error={errors.name} hint="What the email and the list call it, e.g. “Bin over 80 %”." />
        <SelectField label="Alert when" name="kind" value={kind} onChange={(e) => setKind(e.target.value as AlertKind)} options={KINDS} />
        <div className="space-y-3 sm:col-span-2 sm:grid sm:grid-cols-2 sm:gap-4 sm:space-y-0">
          <TextField
            label="Find a device"
            type="search"
            value={deviceSearch}
            onChange={(e) => setDeviceSearch(e.target.value)}
            // Enter here finds; it must not save the alert.
            onKeyDown={(e) => e.key === "Enter" && e.preventDefault()}
            placeholder="Name, DevEUI or tag"
            hint={devices.data && devices.data.total > found.length ? `${devices.data.total} devices match; the first ${found.length} by name are listed.` : "Narrows the list of devices to choose from."}
          />
          <SelectField
            label="Devices"
            name="deviceId"
            value={device?.id ?? ""}
            onChange={(e) => setDevice(found.find((d) => d.id === e.target.value) ?? (e.target.value === device?.id ? device : null))}
            error={errors.deviceId}
            options={deviceOptions(found, device)}
          />
        </div>
        {kind === "silent" && <TextField label="Silent for (hours)" name="silentHours" type="number" min={1} max={720} defaultValue={rule?.silentHours ?? 6} error={errors.silentHours} />}
        {kind === "battery" && <TextField label="Battery under (%)" name="batteryBelowPercent" type="number" min={1} max={100} defaultValue={rule?.batteryBelowPercent ?? 20} error={errors.batteryBelowPercent} />}
        {kind === "field" && (
          <>
            <TextField label="Reading" name="field" list="alert-fields" defaultValue={rule?.field ?? "fillPercent"} error={errors.field} hint="A field of your devices' decoded payloads." />
            <datalist id="alert-fields">
              {(fields.data ?? []).map((f) => <option key={f.field} value={f.field}>{f.label}{f.unit ? ` (${f.unit})` : ""}, {f.devices} devices</option>)}
            </datalist>
            <SelectField label="Goes" name="comparison" defaultValue={rule?.comparison ?? "above"} options={[{ value: "above", label: "Above" }, { value: "below", label: "Below" }]} />
            <TextField label="Value" name="threshold" inputMode="decimal" defaultValue={rule?.threshold ?? 80} error={errors.threshold} />
          </>
        )}
      </div>
      <div className="flex gap-2">
        <Button type="submit" busy={saving.isPending}>{rule ? "Save changes" : "Add alert"}</Button>
        <Button type="button" variant="secondary" onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
