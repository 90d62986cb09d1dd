"use client";

import { useMutation } from "@tanstack/react-query";
import { useId } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { ErrorNotice } from "@/components/ui/states";
import { EVENT_KIND_DESCRIPTIONS, FORWARDABLE_EVENT_KINDS, FORWARDER_NAME_MAX, FORWARDER_URL_MAX, type ForwardableEventKind } from "@/domain/forwarding/forwarder-input";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";

export interface EditableForwarder { id: string; name: string; url: string; eventKinds: readonly string[] }
export interface SigningSecret { name: string; secret: string }

/**
 * Add an endpoint (the answer carries its signing secret, handed to `onCreated`) or change one.
 * A URL the server refuses (http, an internal address) comes back as one message above the fields.
 */
export function ForwarderForm({ forwarder, onCreated, onSaved, onCancel }: { forwarder: EditableForwarder | null; onCreated(secret: SigningSecret): void; onSaved(): void; onCancel(): void }) {
  const trpc = useTRPC();
  const kindsId = useId();
  const create = useMutation(trpc.forwarders.create.mutationOptions({ onSuccess: ({ name, secret }) => onCreated({ name, secret }) }));
  const update = useMutation(trpc.forwarders.update.mutationOptions({ onSuccess: onSaved }));
  const save = forwarder ? update : create;
  const fields = fieldErrorsOf(save.error);
  const kindsError = fields.eventKinds?.[0];
  const chosen = new Set(forwarder?.eventKinds ?? ["uplink"]);

  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const values = {
          name: String(form.get("name") ?? ""),
          url: String(form.get("url") ?? ""),
          eventKinds: form.getAll("eventKinds").map(String) as ForwardableEventKind[],
        };
        if (forwarder) update.mutate({ ...values, forwarderId: forwarder.id });
        else create.mutate(values);
      }}
    >
      {!Object.values(fields).some(Boolean) && <ErrorNotice error={save.error} title="The endpoint wasn't saved" />}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" name="name" required autoFocus maxLength={FORWARDER_NAME_MAX} defaultValue={forwarder?.name} error={fields.name} hint="What your team calls the receiving system." />
        <TextField
          label="URL"
          name="url"
          type="url"
          inputMode="url"
          required
          spellCheck={false}
          autoComplete="off"
          maxLength={FORWARDER_URL_MAX}
          placeholder="https://example.com/longreach/events"
          defaultValue={forwarder?.url}
          error={fields.url}
          hint="Where events are sent, starting with https://."
        />
      </div>
      <fieldset aria-describedby={kindsError ? `${kindsId}-error` : undefined}>
        <legend className="text-sm font-medium text-slate-800">Events to send</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {FORWARDABLE_EVENT_KINDS.map((kind) => (
            <label key={kind} className="flex items-start gap-2 text-sm">
              <input type="checkbox" name="eventKinds" value={kind} defaultChecked={chosen.has(kind)} className="mt-0.5 size-4 rounded border-slate-300 text-teal-700 focus:ring-teal-600" />
              <span>{EVENT_KIND_DESCRIPTIONS[kind]}</span>
            </label>
          ))}
        </div>
        {kindsError && (
          <p id={`${kindsId}-error`} className="mt-1 text-xs font-medium text-red-700">
            {kindsError}
          </p>
        )}
      </fieldset>
      <div className="flex gap-2">
        <Button type="submit" busy={save.isPending}>{forwarder ? "Save changes" : "Add endpoint"}</Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
