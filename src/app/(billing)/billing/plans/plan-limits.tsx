"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { ErrorNotice } from "@/components/ui/states";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";

const describe = (n: number | null, what: string) => (n === null ? `any number of ${what}s` : n === 0 ? `no ${what}s` : `up to ${n} ${what}${n === 1 ? "" : "s"}`);

/** A plan's device and gateway limits, which its tenants' organisations on the network server get too. */
export function PlanLimits({ planId, planName, maxDevices, maxGateways }: { planId: string; planName: string; maxDevices: number | null; maxGateways: number | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const save = useMutation(trpc.plans.setLimits.mutationOptions({ onSuccess: () => { setEditing(false); void queryClient.invalidateQueries({ queryKey: trpc.plans.list.queryKey() }); } }));
  const fields = fieldErrorsOf(save.error);
  if (!editing) {
    return (
      <p className="mb-3 flex flex-wrap items-center gap-3 text-sm text-slate-600">
        <span>Tenants may register {describe(maxDevices, "device")} and own {describe(maxGateways, "gateway")} on the network server.</span>
        <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setEditing(true)}>Change limits<span className="sr-only"> of {planName}</span></Button>
      </p>
    );
  }
  const number = (value: FormDataEntryValue | null) => (String(value ?? "").trim() === "" ? null : Number(value));
  return (
    <form
      className="mb-4 grid gap-3 sm:grid-cols-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        save.mutate({ planId, maxDevices: number(form.get("maxDevices")), maxGateways: number(form.get("maxGateways")) });
      }}
    >
      <TextField label="Most devices" name="maxDevices" type="number" min={1} step={1} inputMode="numeric" defaultValue={maxDevices ?? ""} hint="Empty: no limit." error={fields.maxDevices} />
      <TextField label="Most gateways" name="maxGateways" type="number" min={0} step={1} inputMode="numeric" defaultValue={maxGateways ?? ""} hint="Empty: no limit; 0: none." error={fields.maxGateways} />
      <div className="flex items-end gap-2">
        <Button type="submit" busy={save.isPending}>Save limits</Button>
        <Button type="button" variant="secondary" onClick={() => { setEditing(false); save.reset(); }}>Cancel</Button>
      </div>
      {Object.keys(fields).length === 0 && <div className="sm:col-span-3"><ErrorNotice error={save.error} title="Couldn't save the limits" /></div>}
    </form>
  );
}
