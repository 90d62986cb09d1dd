"use client";

import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { ErrorNotice } from "@/components/ui/states";
import { API_KEY_EXPIRY_DAYS, API_KEY_NAME_MAX, type ApiKeyScope } from "@/domain/identity/api-key-input";
import type { OneTimeSecret } from "@/components/one-time-secret-dialog";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";

const DAY_MS = 86_400_000;

const SCOPES: Array<{ value: ApiKeyScope; label: string; hint: string }> = [
  { value: "read", label: "Read only", hint: "Devices, events, usage and invoices." },
  { value: "read-write", label: "Read and write", hint: "Also registers, changes and deletes devices, as a member of your organisation can." },
];

const EXPIRIES = [
  { value: "", label: "Never (until revoked)" },
  ...API_KEY_EXPIRY_DAYS.map((days) => ({ value: String(days), label: days === 365 ? "In 1 year" : `In ${days} days` })),
];

/** Creates a key; the answer carries the key itself, handed to `onCreated` to be shown once. */
export function ApiKeyForm({ onCreated }: { onCreated(created: OneTimeSecret): void }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.apiKeys.create.mutationOptions({ onSuccess: ({ key, apiKey }) => onCreated({ name: apiKey.name, secret: key }) }));
  const fields = fieldErrorsOf(create.error);

  return (
    <form
      noValidate
      className="space-y-4"
      aria-label="Create an API key"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        const days = Number(data.get("expiresInDays") || 0);
        create.mutate(
          { name: String(data.get("name") ?? ""), scope: data.get("scope") === "read-write" ? "read-write" : "read", expiresAt: days ? new Date(Date.now() + days * DAY_MS) : null },
          { onSuccess: () => form.reset() },
        );
      }}
    >
      {!fields.name && !fields.scope && !fields.expiresAt && <ErrorNotice error={create.error} title="The key wasn't created" />}
      <div className="grid max-w-2xl gap-4 sm:grid-cols-2">
        <TextField label="Key name" name="name" required maxLength={API_KEY_NAME_MAX} autoComplete="off" error={fields.name} hint="Which system will use it, e.g. Asset system." />
        <SelectField label="Expires" name="expiresInDays" defaultValue="" options={EXPIRIES} error={fields.expiresAt} hint="After that it stops working; create a new one." />
      </div>
      <fieldset className="max-w-2xl">
        <legend className="text-sm font-medium text-slate-800">What the key may do</legend>
        <div className="mt-2 space-y-2">
          {SCOPES.map((scope) => (
            <label key={scope.value} className="flex items-start gap-2 text-sm">
              <input type="radio" name="scope" value={scope.value} defaultChecked={scope.value === "read"} className="mt-1" />
              <span>
                <span className="font-medium text-slate-900">{scope.label}</span>
                <span className="block text-xs text-slate-500">{scope.hint}</span>
              </span>
            </label>
          ))}
        </div>
        {fields.scope && <p className="mt-1 text-xs font-medium text-red-700">{fields.scope}</p>}
      </fieldset>
      <Button type="submit" busy={create.isPending}>Create key</Button>
    </form>
  );
}
