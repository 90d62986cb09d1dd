import { z } from "zod";

/**
 * What a waste team decides for itself: the fill level that calls for a collection, how long until the
 * crew comes round again (a bin predicted to be full before then goes on today's list), and after how
 * long without a reading a sensor counts as not reporting. Imported by client components.
 */
export interface WasteSettings { thresholdPercent: number; roundIntervalHours: number; silentAfterHours: number }

export const DEFAULT_WASTE_SETTINGS: WasteSettings = { thresholdPercent: 80, roundIntervalHours: 24, silentAfterHours: 12 };

const wholeNumber = (what: string, min: number, max: number, unit: string) =>
  z
    .number({ error: `Enter ${what} as a number.` })
    .int(`Enter ${what} as a whole number.`)
    .min(min, `${what.charAt(0).toUpperCase() + what.slice(1)} must be between ${min} and ${max} ${unit}.`)
    .max(max, `${what.charAt(0).toUpperCase() + what.slice(1)} must be between ${min} and ${max} ${unit}.`);

export const wasteSettingsSchema = z.object({
  thresholdPercent: wholeNumber("the threshold", 1, 100, "%"),
  roundIntervalHours: wholeNumber("the time between rounds", 1, 336, "hours"),
  silentAfterHours: wholeNumber("the silence allowed", 1, 720, "hours"),
});
