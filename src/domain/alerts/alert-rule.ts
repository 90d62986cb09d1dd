import { z } from "zod";
import { MAX_FIELD_NAME_LENGTH } from "@/domain/readings/numeric-fields";

/**
 * What a tenant admin sends to set up an alert: a device silent for N hours, a battery under X %, or a
 * decoded field over or under a threshold, for one device or all of them. Imported by client components.
 */

export const ALERT_KINDS = ["silent", "battery", "field"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

const name = z.string({ error: "Enter a name for the alert." }).trim().min(1, "Enter a name for the alert, e.g. Bin sensor silent.").max(80, "Alert names are at most 80 characters.");
const deviceId = z
  .union([z.literal(""), z.uuid("Choose a device from the list, or all devices.")])
  .nullish()
  .transform((value) => value || null);
const whole = (what: string, min: number, max: number) =>
  z.number({ error: `Enter ${what} as a number.` }).int(`Enter ${what} as a whole number.`).min(min, `${what.charAt(0).toUpperCase()}${what.slice(1)} must be between ${min} and ${max}.`).max(max, `${what.charAt(0).toUpperCase()}${what.slice(1)} must be between ${min} and ${max}.`);

export const alertRuleSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("silent"), name, deviceId, silentHours: whole("the hours of silence", 1, 720) }),
    z.object({ kind: z.literal("battery"), name, deviceId, batteryBelowPercent: whole("the battery level", 1, 100) }),
    z.object({
      kind: z.literal("field"),
      name,
      deviceId,
      field: z.string({ error: "Choose the reading to watch." }).trim().min(1, "Choose the reading to watch, e.g. fillPercent.").max(MAX_FIELD_NAME_LENGTH, `Field names are at most ${MAX_FIELD_NAME_LENGTH} characters.`),
      comparison: z.enum(["above", "below"], { error: "Choose above or below." }),
      threshold: z.number({ error: "Enter the threshold as a number." }).refine(Number.isFinite, "Enter the threshold as a number."),
    }),
  ],
  { error: (issue) => (issue.code === "invalid_union" ? "Choose what to alert on: silent, battery or field." : undefined) },
);
export type AlertRuleInput = z.output<typeof alertRuleSchema>;

/** A stored rule, as the evaluation reads it. */
export type AlertRule =
  | { id: string; name: string; kind: "silent"; deviceId: string | null; silentHours: number }
  | { id: string; name: string; kind: "battery"; deviceId: string | null; batteryBelowPercent: number }
  | { id: string; name: string; kind: "field"; deviceId: string | null; field: string; comparison: "above" | "below"; threshold: number };

/** "Silent for 6 hours", "Battery under 20 %", "fillPercent above 80": the rule's condition in words. */
export function describeCondition(rule: AlertRule): string {
  switch (rule.kind) {
    case "silent":
      return `Silent for ${rule.silentHours} ${rule.silentHours === 1 ? "hour" : "hours"}`;
    case "battery":
      return `Battery under ${rule.batteryBelowPercent} %`;
    case "field":
      return `${rule.field} ${rule.comparison} ${rule.threshold}`;
  }
}
