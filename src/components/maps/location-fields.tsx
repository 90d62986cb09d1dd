"use client";

import { useState } from "react";
import { TextField } from "@/components/ui/field";
import { parseLocationText, type DeviceLocation } from "@/domain/devices";

type LocationErrors = Partial<Record<"latitude" | "longitude", string>>;

/**
 * Latitude and longitude text boxes for a device's location, in decimal degrees. Read them back with
 * useLocationFields' `read`, which also shows what is wrong with each.
 */
export function LocationFields({ defaultValue, errors }: { defaultValue?: { latitude: number; longitude: number } | null; errors?: LocationErrors }) {
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-800">Location (optional)</legend>
      <p className="text-xs text-slate-500">Decimal degrees (WGS84), as a map app shows them. Leave both empty for a device that moves; the network can locate it.</p>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Latitude" name="latitude" inputMode="decimal" placeholder="53.19105" defaultValue={defaultValue ? String(defaultValue.latitude) : ""} error={errors?.latitude} />
        <TextField label="Longitude" name="longitude" inputMode="decimal" placeholder="-2.89130" defaultValue={defaultValue ? String(defaultValue.longitude) : ""} error={errors?.longitude} />
      </div>
    </fieldset>
  );
}

/**
 * The location fields' errors (pass them to LocationFields) and `read`, which parses the submitted
 * form's fields (parseLocationText, as the CSV import does): the location, null for none, or undefined
 * when either field is wrong — the errors then show beside the fields and the form should not be sent.
 */
export function useLocationFields() {
  const [errors, setErrors] = useState<LocationErrors>({});
  const read = (form: FormData): DeviceLocation | null | undefined => {
    const place = parseLocationText(String(form.get("latitude") ?? ""), String(form.get("longitude") ?? ""));
    setErrors(Object.fromEntries(place.errors.map((e) => [e.field, e.message])));
    return place.errors.length ? undefined : place.location;
  };
  return { errors, read };
}
