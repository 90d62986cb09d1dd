"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { LocationFields, useLocationFields } from "@/components/maps/location-fields";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { ErrorNotice, LoadingRows } from "@/components/ui/states";
import { TextAreaField } from "@/components/ui/textarea-field";
import { splitTags } from "@/domain/devices";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";
import { profileOptions } from "../profile-options";

interface Editable { id: string; name: string; description: string; tags: string[]; profileId: string | null; location: { latitude: number; longitude: number; source: "manual" | "network" } | null }

/**
 * Name, description, tags, profile and location; the DevEUI and keys are fixed once registered. The
 * location is sent only when it was changed, so saving a name never pins a network-located device.
 */
export function EditDeviceForm({ device, onDone }: { device: Editable; onDone(): void }) {
  const trpc = useTRPC();
  const profiles = useQuery(trpc.deviceProfiles.list.queryOptions());
  const update = useMutation(trpc.devices.update.mutationOptions({ onSuccess: onDone }));
  const fields = fieldErrorsOf(update.error);
  const location = useLocationFields();
  // The profile list must be there before the form mounts, or the select can't start on the current profile.
  if (profiles.isPending) return <LoadingRows rows={4} label="Loading profiles" />;
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const text = (name: string) => String(form.get(name) ?? "");
        const place = location.read(form);
        if (place === undefined) return;
        const moved = JSON.stringify(place) !== JSON.stringify(device.location ? { latitude: device.location.latitude, longitude: device.location.longitude } : null);
        update.mutate({ deviceId: device.id, name: text("name"), description: text("description"), tags: splitTags(text("tags")), profileId: text("profileId") || null, ...(moved ? { location: place } : {}) });
      }}
    >
      {!Object.values(fields).some(Boolean) && <ErrorNotice error={update.error} title="The changes weren't saved" />}
      <TextField label="Name" name="name" defaultValue={device.name} required maxLength={120} error={fields.name} />
      <SelectField label="Device profile" name="profileId" options={profileOptions(profiles.data)} defaultValue={device.profileId ?? ""} error={fields.profileId} />
      <TextField label="Tags" name="tags" defaultValue={device.tags.join("; ")} error={fields.tags} hint="Separated by commas or semicolons." />
      <TextAreaField label="Description" name="description" defaultValue={device.description} rows={3} maxLength={1000} error={fields.description} />
      <LocationFields defaultValue={device.location} errors={location.errors} />
      {device.location?.source === "network" && <p className="text-xs text-slate-500">The network located this device. Change the coordinates to fix it in place; the network will not move it after that.</p>}
      <div className="flex gap-2">
        <Button type="submit" busy={update.isPending}>
          Save changes
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
