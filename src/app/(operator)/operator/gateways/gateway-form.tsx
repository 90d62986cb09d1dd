"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { ErrorNotice } from "@/components/ui/states";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";

export interface EditableGateway {
  gatewayEui: string;
  name: string;
  latitude: number | null;
  longitude: number | null;
  ownerTenantId: string | null;
}

/** "" is no coordinate; anything else is sent as a number (NaN included, so the server names the problem). */
const coordinate = (value: FormDataEntryValue | null) => {
  const text = String(value ?? "").trim();
  return text === "" ? null : Number(text);
};

/** Registers a gateway (no `gateway`) or edits one. Every field's problem is shown beside it. */
export function GatewayForm({ gateway, onDone, onCancel }: { gateway?: EditableGateway; onDone(gatewayEui: string): void; onCancel(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hosts = useQuery(trpc.gateways.hosts.queryOptions());
  const onSuccess = (saved: { gatewayEui: string }) => {
    void queryClient.invalidateQueries({ queryKey: trpc.gateways.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.gateways.get.queryKey() });
    onDone(saved.gatewayEui);
  };
  const create = useMutation(trpc.gateways.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.gateways.update.mutationOptions({ onSuccess }));
  const mutation = gateway ? update : create;
  const fields = fieldErrorsOf(mutation.error);
  const ownerOptions = [
    { value: "", label: "The council" },
    ...(hosts.data ?? []).map((t) => ({ value: t.id, label: t.status === "active" ? t.name : `${t.name} (${t.status})` })),
  ];

  return (
    <form
      className="grid gap-4 sm:grid-cols-2"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const values = {
          name: String(form.get("name") ?? ""),
          latitude: coordinate(form.get("latitude")),
          longitude: coordinate(form.get("longitude")),
          ownerTenantId: String(form.get("ownerTenantId") ?? "") || null,
        };
        if (gateway) update.mutate({ gatewayEui: gateway.gatewayEui, ...values });
        else create.mutate({ gatewayEui: String(form.get("gatewayEui") ?? ""), ...values });
      }}
    >
      {Object.keys(fields).length === 0 && (
        <div className="sm:col-span-2">
          <ErrorNotice error={mutation.error} title={gateway ? "Couldn't save the gateway" : "Couldn't register the gateway"} />
        </div>
      )}
      {gateway ? (
        <div className="space-y-1">
          <p className="text-sm font-medium text-slate-800">Gateway EUI</p>
          <p className="py-2 font-mono text-sm text-slate-700">{gateway.gatewayEui}</p>
          <p className="text-xs text-slate-500">The EUI identifies the gateway and cannot change.</p>
        </div>
      ) : (
        <TextField
          label="Gateway EUI"
          name="gatewayEui"
          required
          autoFocus
          autoComplete="off"
          spellCheck={false}
          placeholder="e.g. B8-27-EB-FF-FE-8B-1C-2D"
          hint="16 hexadecimal digits, from the gateway's label or its network server. Separators are fine."
          error={fields.gatewayEui}
        />
      )}
      <TextField label="Name" name="name" required defaultValue={gateway?.name} placeholder="e.g. Town hall roof" error={fields.name} autoFocus={Boolean(gateway)} />
      <TextField
        label="Latitude"
        name="latitude"
        inputMode="decimal"
        defaultValue={gateway?.latitude ?? ""}
        placeholder="e.g. 51.4816"
        hint="Decimal degrees, -90 to 90. Optional."
        error={fields.latitude}
      />
      <TextField
        label="Longitude"
        name="longitude"
        inputMode="decimal"
        defaultValue={gateway?.longitude ?? ""}
        placeholder="e.g. -3.1791"
        hint="Decimal degrees, -180 to 180. Optional."
        error={fields.longitude}
      />
      <SelectField
        label="Hosted by"
        name="ownerTenantId"
        options={ownerOptions}
        defaultValue={gateway?.ownerTenantId ?? ""}
        key={hosts.data ? "loaded" : "loading"}
        hint={hosts.error ? "Couldn't load the tenants; the council is selected." : "The council, or a tenant that hosts the gateway on its premises."}
        error={fields.ownerTenantId}
      />
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" busy={mutation.isPending}>{gateway ? "Save changes" : "Register gateway"}</Button>
        <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
