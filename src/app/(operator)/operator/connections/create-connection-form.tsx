"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { ErrorNotice } from "@/components/ui/states";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";
import { kindNames, type ConnectionKind } from "./setup-instructions";

export interface CreatedConnection { id: string; name: string; kind: ConnectionKind; secret: string; endpointUrl: string }

const kindOptions = (Object.keys(kindNames) as ConnectionKind[]).map((kind) => ({ value: kind, label: kindNames[kind] }));

export function CreateConnectionForm({ onCreated, onCancel }: { onCreated(connection: CreatedConnection): void; onCancel(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.connections.create.mutationOptions({
      onSuccess(connection) {
        void queryClient.invalidateQueries({ queryKey: trpc.connections.list.queryKey() });
        onCreated(connection);
      },
    }),
  );
  const fields = fieldErrorsOf(create.error);
  return (
    <Card title="New network connection" className="mb-6">
      <form
        className="grid gap-4 sm:grid-cols-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const rate = String(form.get("ratePerSecond") ?? "").trim();
          create.mutate({
            name: String(form.get("name") ?? ""),
            kind: form.get("kind") as ConnectionKind,
            ratePerSecond: rate === "" ? undefined : Number(rate),
          });
        }}
      >
        {Object.keys(fields).length === 0 && (
          <div className="sm:col-span-3">
            <ErrorNotice error={create.error} title="Couldn't create the connection" />
          </div>
        )}
        <TextField label="Name" name="name" required autoFocus placeholder="e.g. Council ChirpStack" error={fields.name} />
        <SelectField label="Network server" name="kind" options={kindOptions} defaultValue="chirpstack" error={fields.kind} />
        <TextField
          label="Rate limit (events per second)"
          name="ratePerSecond"
          type="number"
          inputMode="numeric"
          min={1}
          max={100000}
          step={1}
          defaultValue={500}
          hint="1 to 100000. Beyond it, the network server is told to retry later."
          error={fields.ratePerSecond}
        />
        <div className="flex gap-2 sm:col-span-3">
          <Button type="submit" busy={create.isPending}>Create connection</Button>
          <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>
        </div>
      </form>
    </Card>
  );
}
