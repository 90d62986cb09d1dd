"use client";

import { TextField } from "@/components/ui/field";

/**
 * Latitude and longitude text boxes for a device's location, in decimal degrees. Read them back with
 * parseLocationText (domain/devices/device-location.ts), which also says what is wrong with each.
 */
export function LocationFields({ defaultValue, errors }: { defaultValue?: { latitude: number; longitude: number } | null; errors?: Partial<Record<"latitude" | "longitude", string>> }) {
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
