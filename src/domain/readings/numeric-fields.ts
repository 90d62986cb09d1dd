/**
 * The numeric readings in a device's decoded payload, as the latest-values table and the hourly
 * readings rollup keep them: every finite number at the top level, and one level down named with a dot
 * ("battery.voltage"), so a codec's own structure shows on the device page. Text, booleans, arrays and
 * deeper nesting are not readings. A bounded number of fields per event, with bounded names, so a codec
 * that emits something unexpected cannot flood the rollups.
 */

export const MAX_FIELDS_PER_EVENT = 24;
export const MAX_FIELD_NAME_LENGTH = 64;

export interface NumericReading { field: string; value: number }

export function numericReadings(data: Record<string, unknown> | null | undefined): NumericReading[] {
  if (!data) return [];
  const readings: NumericReading[] = [];
  const add = (field: string, value: unknown) => {
    if (readings.length >= MAX_FIELDS_PER_EVENT || field.length > MAX_FIELD_NAME_LENGTH || field.length === 0) return;
    if (typeof value === "number" && Number.isFinite(value)) readings.push({ field, value });
  };
  for (const [key, value] of Object.entries(data)) {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value as Record<string, unknown>)) add(`${key}.${inner}`, innerValue);
    } else {
      add(key, value);
    }
  }
  return readings;
}

/** Units the codecs' naming convention spells at the end of a field name (fillPercent, temperatureC, batteryMillivolts). */
const UNIT_SUFFIXES: Array<[RegExp, string]> = [
  [/Percent$/, "%"],
  [/Millivolts$/, "mV"],
  [/Volts$/, "V"],
  [/(?<=[a-z])C$/, "°C"],
  [/(?<=[a-z])F$/, "°F"],
  [/Metres$|Meters$/, "m"],
  [/Mm$/, "mm"],
  [/Cm$/, "cm"],
  [/Lux$/, "lx"],
  [/Ppm$/, "ppm"],
  [/Hpa$|HPa$/, "hPa"],
];

/**
 * A field as a person reads it, with its unit when the name ends in one:
 * "fillPercent" → Fill (%), "temperatureC" → Temperature (°C), "battery.voltage" → Battery voltage.
 */
export function describeField(field: string): { label: string; unit: string | null } {
  let name = field;
  let unit: string | null = null;
  for (const [suffix, symbol] of UNIT_SUFFIXES) {
    if (suffix.test(name) && name.replace(suffix, "").length > 0) {
      name = name.replace(suffix, "");
      unit = symbol;
      break;
    }
  }
  const words = name
    .replace(/[._-]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .trim()
    .toLowerCase();
  return { label: words.charAt(0).toUpperCase() + words.slice(1), unit };
}
