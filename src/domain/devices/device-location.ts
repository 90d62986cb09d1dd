import { z } from "zod";

/**
 * Where a device is, in WGS84 degrees, as a person gives it (the register and edit forms, the CSV
 * import). Both coordinates or neither: half a location is a typo. Imported by client components.
 */
export const latitudeField = z
  .number({ error: "Latitude must be a number of degrees, e.g. 53.1910." })
  .min(-90, "Latitude must be between -90 and 90 degrees.")
  .max(90, "Latitude must be between -90 and 90 degrees.");
export const longitudeField = z
  .number({ error: "Longitude must be a number of degrees, e.g. -2.8913." })
  .min(-180, "Longitude must be between -180 and 180 degrees.")
  .max(180, "Longitude must be between -180 and 180 degrees.");

/** Strict, so a machine sending e.g. `altitude` hears that it is not kept rather than losing it silently. */
export const deviceLocationSchema = z.strictObject({ latitude: latitudeField, longitude: longitudeField });
export type DeviceLocation = z.output<typeof deviceLocationSchema>;

/**
 * The location typed into two text boxes (or two CSV cells): null when both are empty, else both parsed
 * as decimal degrees. Errors name the field, so forms and the import report can show them beside it.
 */
export function parseLocationText(latitude: string, longitude: string): { location: DeviceLocation | null; errors: Array<{ field: "latitude" | "longitude"; message: string }> } {
  const lat = latitude.trim();
  const lon = longitude.trim();
  if (lat === "" && lon === "") return { location: null, errors: [] };
  const errors: Array<{ field: "latitude" | "longitude"; message: string }> = [];
  if (lat === "") errors.push({ field: "latitude", message: "Enter the latitude too, or clear the longitude." });
  if (lon === "") errors.push({ field: "longitude", message: "Enter the longitude too, or clear the latitude." });
  if (errors.length) return { location: null, errors };
  const parsed = deviceLocationSchema.safeParse({ latitude: decimal(lat), longitude: decimal(lon) });
  if (parsed.success) return { location: parsed.data, errors: [] };
  return { location: null, errors: parsed.error.issues.map((i) => ({ field: i.path[0] as "latitude" | "longitude", message: i.message })) };
}

/** A decimal number as people write them ("53.19", "-2,8913" from a European spreadsheet); NaN otherwise. */
function decimal(text: string): number {
  const normal = text.replace(",", ".");
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(normal) ? Number(normal) : Number.NaN;
}
