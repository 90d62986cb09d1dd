"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { ErrorNotice } from "@/components/ui/states";
import { TextAreaField } from "@/components/ui/textarea-field";
import { EXAMPLE_CODECS } from "@/domain/codecs/examples";
import { DEVICE_CLASS_DESCRIPTIONS, DEVICE_CLASSES, LORAWAN_MAC_VERSIONS, LORAWAN_REGIONS, type DeviceClass, type LorawanMacVersion, type LorawanRegion } from "@/domain/devices";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";
import { TestDecodePanel } from "./test-decode-panel";

export interface EditableProfile {
  id: string; name: string; region: string; macVersion: string; deviceClass: DeviceClass; codecSource: string | null;
  batteryMinMv: number | null; batteryMaxMv: number | null;
}

/** An empty box is no value; anything else goes to the server as typed, to be checked there. */
const optionalNumber = (value: FormDataEntryValue | null) => {
  const text = String(value ?? "").trim();
  return text === "" ? null : Number(text);
};

const regionOptions = LORAWAN_REGIONS.map((r) => ({ value: r, label: r }));
const versionOptions = LORAWAN_MAC_VERSIONS.map((v) => ({ value: v, label: `LoRaWAN ${v}` }));
const classOptions = DEVICE_CLASSES.map((c) => ({ value: c, label: DEVICE_CLASS_DESCRIPTIONS[c] }));

/** Create or edit a profile. The codec is checked in the sandbox when saved; the panel below tries it on a payload. */
export function ProfileForm({ profile, onDone }: { profile: EditableProfile | null; onDone(): void }) {
  const trpc = useTRPC();
  const [codec, setCodec] = useState(profile?.codecSource ?? "");
  const create = useMutation(trpc.deviceProfiles.create.mutationOptions({ onSuccess: onDone }));
  const update = useMutation(trpc.deviceProfiles.update.mutationOptions({ onSuccess: onDone }));
  const save = profile ? update : create;
  const fields = fieldErrorsOf(save.error);

  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const values = {
          name: String(form.get("name") ?? ""),
          region: form.get("region") as LorawanRegion,
          macVersion: form.get("macVersion") as LorawanMacVersion,
          deviceClass: form.get("deviceClass") as DeviceClass,
          codecSource: codec.trim() ? codec : null,
          batteryMinMv: optionalNumber(form.get("batteryMinMv")),
          batteryMaxMv: optionalNumber(form.get("batteryMaxMv")),
        };
        if (profile) update.mutate({ ...values, profileId: profile.id });
        else create.mutate(values);
      }}
    >
      {!Object.values(fields).some(Boolean) && <ErrorNotice error={save.error} title="The profile wasn't saved" />}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" name="name" defaultValue={profile?.name} required maxLength={80} error={fields.name} hint="Devices and CSV imports choose a profile by this name." />
        <SelectField label="Region" name="region" options={regionOptions} defaultValue={profile?.region ?? "EU868"} error={fields.region} hint="EU868 for the UK." />
        <SelectField label="LoRaWAN version" name="macVersion" options={versionOptions} defaultValue={profile?.macVersion ?? "1.0.3"} error={fields.macVersion} hint="From the device's datasheet." />
        <SelectField label="Device class" name="deviceClass" options={classOptions} defaultValue={profile?.deviceClass ?? "A"} error={fields.deviceClass} />
      </div>
      <div className="space-y-2">
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-slate-600">Start from an example:</span>
          {Object.entries(EXAMPLE_CODECS).map(([key, example]) => (
            <Button key={key} type="button" variant="secondary" className="px-2 py-1 text-xs" title={example.description} onClick={() => setCodec(example.source)}>
              {example.name}
            </Button>
          ))}
          {codec && (
            <Button type="button" variant="ghost" className="px-2 py-1 text-xs" onClick={() => setCodec("")}>
              Clear
            </Button>
          )}
        </div>
        <TextAreaField
          label="Payload codec (JavaScript)"
          value={codec}
          onChange={(e) => setCodec(e.target.value)}
          rows={14}
          mono
          spellCheck={false}
          placeholder={"function decodeUplink(input) {\n  // input.bytes, input.fPort, input.recvTime\n  return { data: {} };\n}"}
          error={fields.codecSource}
          hint="Optional. Define decodeUplink(input) returning { data, warnings?, errors? }, as for ChirpStack or The Things Stack. It runs in a sandbox with a time limit. Name the battery in data as batteryPercent (0–100) or batteryMillivolts, and devices show it."
        />
      </div>
      <fieldset className="space-y-3 rounded-md border border-slate-200 p-4">
        <legend className="px-1 text-sm font-semibold text-slate-900">Battery voltage range</legend>
        <p className="text-sm text-slate-600">
          For codecs that report <code>batteryMillivolts</code>: the voltage at which the battery counts as empty (0 %) and as full (100 %), from the battery&apos;s
          datasheet. Leave both empty if the codec reports <code>batteryPercent</code> or no battery.
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Empty at (mV)" name="batteryMinMv" type="number" inputMode="numeric" min={1} max={60000} step={1} defaultValue={profile?.batteryMinMv ?? ""} error={fields.batteryMinMv} hint="e.g. 3000 for a 3.6 V lithium cell" />
          <TextField label="Full at (mV)" name="batteryMaxMv" type="number" inputMode="numeric" min={1} max={60000} step={1} defaultValue={profile?.batteryMaxMv ?? ""} error={fields.batteryMaxMv} hint="e.g. 3600" />
        </div>
      </fieldset>
      <TestDecodePanel codecSource={codec} />
      <div className="flex gap-2">
        <Button type="submit" busy={save.isPending}>
          {profile ? "Save changes" : "Create profile"}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
