"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { LocationFields, useLocationFields } from "@/components/maps/location-fields";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { ErrorNotice } from "@/components/ui/states";
import { TextAreaField } from "@/components/ui/textarea-field";
import { defaultProfile, splitTags } from "@/domain/devices";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";
import { profileOptions } from "../profile-options";

type Activation = "otaa" | "abp";
/** TextField replaces its classes with className, so monospace comes by style. */
const mono = { fontFamily: "var(--font-mono)" };
const hexHint = (chars: number) => `${chars} hexadecimal characters; spaces, dashes and colons are ignored.`;

/** Registration: the fields common to every device, then OTAA or ABP keys. Errors appear beside each field. */
export function RegisterDeviceForm({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [activation, setActivation] = useState<Activation>("otaa");
  const location = useLocationFields();
  const profiles = useQuery(trpc.deviceProfiles.list.queryOptions());
  const register = useMutation(
    trpc.devices.register.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.devices.pathKey() });
        router.push(`/t/${slug}/devices/${id}`);
      },
    }),
  );
  const fields = fieldErrorsOf(register.error);
  const hasFieldErrors = Object.values(fields).some(Boolean);
  const suggested = defaultProfile(profiles.data ?? []);
  const profileHint =
    profiles.data?.length === 0
      ? "No profiles yet; an admin can add them under Device profiles."
      : suggested
        ? `Region, LoRaWAN version and payload decoder. ${profiles.data!.length === 1 ? "Your only profile" : "The profile most of your devices use"} is chosen for you.`
        : "Region, LoRaWAN version and payload decoder.";

  return (
    <form
      noValidate
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const text = (name: string) => String(form.get(name) ?? "");
        const place = location.read(form);
        if (place === undefined) return;
        const common = { name: text("name"), devEui: text("devEui"), profileId: text("profileId") || null, tags: splitTags(text("tags")), description: text("description"), location: place };
        register.mutate(
          activation === "otaa"
            ? { ...common, activation, joinEui: text("joinEui"), appKey: text("appKey") }
            : { ...common, activation, devAddr: text("devAddr"), nwkSKey: text("nwkSKey"), appSKey: text("appSKey") },
        );
      }}
    >
      {!hasFieldErrors && <ErrorNotice error={register.error} title="The device wasn't registered" />}
      {hasFieldErrors && (
        <p role="alert" className="text-sm font-medium text-red-700">
          Please correct the fields marked below.
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" name="name" required maxLength={120} autoComplete="off" error={fields.name} hint="What your team calls it, e.g. “Bin 14, Queen Street”." />
        <TextField label="DevEUI" name="devEui" required autoComplete="off" spellCheck={false} style={mono} error={fields.devEui} hint={`From the device's label: ${hexHint(16)}`} />
        {/* Keyed on the loaded list, so the default is chosen once the profiles are known (then it is the person's choice). */}
        <SelectField
          key={profiles.data ? "loaded" : "loading"}
          label="Device profile"
          name="profileId"
          options={profileOptions(profiles.data)}
          defaultValue={suggested?.id ?? ""}
          error={fields.profileId}
          hint={profileHint}
        />
        <TextField label="Tags" name="tags" autoComplete="off" error={fields.tags} hint="Separated by commas or semicolons, e.g. waste; city-centre." />
      </div>
      <TextAreaField label="Description" name="description" rows={2} maxLength={1000} error={fields.description} />
      <LocationFields errors={location.errors} />

      <fieldset className="space-y-4 rounded-md border border-slate-200 p-4">
        <legend className="px-1 text-sm font-semibold text-slate-900">Activation</legend>
        <div className="flex flex-wrap gap-6 text-sm">
          {(
            [
              ["otaa", "Over the air (OTAA)", "The device joins with its AppKey; recommended."],
              ["abp", "By personalisation (ABP)", "Session keys fixed on the device."],
            ] as const
          ).map(([value, label, hint]) => (
            <label key={value} className="flex max-w-xs items-start gap-2">
              <input type="radio" name="activation" value={value} checked={activation === value} onChange={() => setActivation(value)} className="mt-1" />
              <span>
                <span className="font-medium text-slate-900">{label}</span>
                <span className="block text-xs text-slate-500">{hint}</span>
              </span>
            </label>
          ))}
        </div>
        {activation === "otaa" ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField key="joinEui" label="JoinEUI (AppEUI)" name="joinEui" required autoComplete="off" spellCheck={false} style={mono} error={fields.joinEui} hint={hexHint(16)} />
            <TextField key="appKey" label="AppKey" name="appKey" required autoComplete="off" spellCheck={false} style={mono} error={fields.appKey} hint={`${hexHint(32)} Stored encrypted.`} />
          </div>
        ) : (
          <div className="grid gap-4 sm:grid-cols-3">
            <TextField key="devAddr" label="DevAddr" name="devAddr" required autoComplete="off" spellCheck={false} style={mono} error={fields.devAddr} hint={hexHint(8)} />
            <TextField key="nwkSKey" label="NwkSKey" name="nwkSKey" required autoComplete="off" spellCheck={false} style={mono} error={fields.nwkSKey} hint={`${hexHint(32)} Stored encrypted.`} />
            <TextField key="appSKey" label="AppSKey" name="appSKey" required autoComplete="off" spellCheck={false} style={mono} error={fields.appSKey} hint={`${hexHint(32)} Stored encrypted.`} />
          </div>
        )}
      </fieldset>
      <Button type="submit" busy={register.isPending}>
        Register device
      </Button>
    </form>
  );
}
