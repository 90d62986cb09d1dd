"use client";

import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { ErrorNotice } from "@/components/ui/states";
import { API_KEY_NAME_MAX } from "@/domain/identity/api-key-input";
import type { OneTimeSecret } from "@/components/one-time-secret-dialog";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";

/** Creates a key; the answer carries the key itself, handed to `onCreated` to be shown once. */
export function ApiKeyForm({ onCreated }: { onCreated(created: OneTimeSecret): void }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.apiKeys.create.mutationOptions({ onSuccess: ({ key, apiKey }) => onCreated({ name: apiKey.name, secret: key }) }));
  const fields = fieldErrorsOf(create.error);

  return (
    <form
      noValidate
      className="space-y-3"
      aria-label="Create an API key"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        create.mutate({ name: String(new FormData(form).get("name") ?? "") }, { onSuccess: () => form.reset() });
      }}
    >
      {!fields.name && <ErrorNotice error={create.error} title="The key wasn't created" />}
      <div className="max-w-md">
        <TextField label="Key name" name="name" required maxLength={API_KEY_NAME_MAX} autoComplete="off" error={fields.name} hint="Which system will use it, e.g. Asset system." />
      </div>
      <Button type="submit" busy={create.isPending}>Create key</Button>
    </form>
  );
}
