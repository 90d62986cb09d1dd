import { z } from "zod";
import { parseAesKey, parseDevAddr, parseEui } from "@/domain/lorawan";
import { deviceLocationSchema } from "./device-location";
import { DEVICE_CLASSES, LORAWAN_MAC_VERSIONS, LORAWAN_REGIONS } from "./profile-options";

/**
 * What a person sends to register or change a device, shared by the registration form, the API and
 * the CSV import, so every path accepts and refuses exactly the same things with the same words.
 * Identifiers and keys are normalised to lowercase hex ("70-B3-D5…" and "0x70B3…" are accepted).
 */

export const DEVICE_NAME_MAX = 120;
export const DEVICE_DESCRIPTION_MAX = 1000;
export const DEVICE_TAGS_MAX = 20;
export const DEVICE_TAG_MAX = 40;

/** A required hex identifier, parsed by the LoRaWAN domain so the message names the field and never echoes a key. */
function hexField(label: string, parse: (input: string, label: string) => string) {
  return z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? `Enter the ${label}.` : `${label} must be text.`) })
    .transform((input, ctx) => {
      if (input.trim() === "") {
        ctx.addIssue({ code: "custom", message: `Enter the ${label}.` });
        return z.NEVER;
      }
      try {
        return parse(input, label);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `${(error as Error).message}.` });
        return z.NEVER;
      }
    });
}

const hexHint = "Hex digits in either case; '-', ':' and spaces between bytes and a 0x prefix are accepted.";
export const devEuiField = hexField("DevEUI", parseEui).meta({ description: `The device's 64-bit EUI, unique on the network: 16 hex digits. ${hexHint}`, example: "70B3D57ED005A12F" });
export const joinEuiField = hexField("JoinEUI", parseEui).meta({ description: `OTAA: the JoinEUI (AppEUI), 16 hex digits. ${hexHint}`, example: "70B3D57ED0000001" });
export const devAddrField = hexField("DevAddr", parseDevAddr).meta({ description: `ABP: the device address, 8 hex digits. ${hexHint}`, example: "260B1A2F" });
export const appKeyField = hexField("AppKey", parseAesKey).meta({ description: "OTAA: the AppKey, 32 hex digits. Stored encrypted; never shown by the API." });
export const nwkSKeyField = hexField("NwkSKey", parseAesKey).meta({ description: "ABP: the network session key, 32 hex digits. Stored encrypted; never shown by the API." });
export const appSKeyField = hexField("AppSKey", parseAesKey).meta({ description: "ABP: the application session key, 32 hex digits. Stored encrypted; never shown by the API." });

export const deviceName = z
  .string({ error: "Enter a name for the device." })
  .trim()
  .min(1, "Enter a name for the device.")
  .max(DEVICE_NAME_MAX, `Device names are at most ${DEVICE_NAME_MAX} characters.`)
  .meta({ description: "What people call it, e.g. Cellar temperature.", example: "Cellar temperature" });

export const deviceDescription = z
  .string()
  .trim()
  .max(DEVICE_DESCRIPTION_MAX, `Descriptions are at most ${DEVICE_DESCRIPTION_MAX} characters.`)
  .default("")
  .meta({ description: "Anything worth knowing, e.g. where it is mounted." });

const tag = z
  .string()
  .trim()
  .min(1, "Tags cannot be empty.")
  .max(DEVICE_TAG_MAX, `Tags are at most ${DEVICE_TAG_MAX} characters.`)
  .regex(/^[^;,]+$/, "Tags cannot contain ';' or ','.");

/** Tags, trimmed and without repeats, in the order given. */
export const deviceTags = z
  .array(tag)
  .max(DEVICE_TAGS_MAX, `A device has at most ${DEVICE_TAGS_MAX} tags.`)
  .default([])
  .transform((tags) => [...new Set(tags)])
  .meta({ description: "Labels to find it by; repeats are dropped.", example: ["cellar", "temperature"] });

/** A profile id where leaving it out means something (unchanged, or the default); "" and null mean "no profile". */
const profileIdOrNone = z.union([z.literal(""), z.uuid("Choose a device profile from the list.")]).nullable().transform((value) => value || null).optional();

/** "", null and undefined all mean "no profile". */
export const optionalProfileId = z
  .union([z.literal(""), z.uuid("Choose a device profile from the list.")])
  .nullish()
  .transform((value) => value || null)
  .meta({ description: "A device profile's id (radio settings, payload codec, battery range); left out, null or empty for none." });

const commonFields = {
  name: deviceName,
  devEui: devEuiField,
  description: deviceDescription,
  tags: deviceTags,
  profileId: optionalProfileId,
  /** Where the device is; leave it out for a device that moves, which the network server may locate. */
  location: deviceLocationSchema.nullish().transform((value) => value ?? null),
};

export const otaaDeviceSchema = z.object({ ...commonFields, activation: z.literal("otaa"), joinEui: joinEuiField, appKey: appKeyField });
export const abpDeviceSchema = z.object({ ...commonFields, activation: z.literal("abp"), devAddr: devAddrField, nwkSKey: nwkSKeyField, appSKey: appSKeyField });

const activationError = { error: (issue: z.core.$ZodRawIssue) => (issue.code === "invalid_union" ? "Choose the activation: otaa (over the air) or abp (by personalisation)." : undefined) };

/** A device to register: OTAA (JoinEUI + AppKey) or ABP (DevAddr + NwkSKey + AppSKey). */
export const newDeviceSchema = z.discriminatedUnion("activation", [otaaDeviceSchema, abpDeviceSchema], activationError);

/**
 * The same, for machines (the REST API): fields it does not know are refused, since nobody would see a
 * misspelt "profileID" being dropped. A profileId left out stays undefined, for the registering side to
 * give the organisation's default profile (defaultProfile), as the register form preselects it and a CSV
 * file without a profile column gets it; null or "" asks for none.
 */
const profileIdOrDefault = profileIdOrNone.meta({
  description:
    "A device profile's id (radio settings, payload codec, battery range). Left out: your organisation's default profile, as in the portal's register form and a CSV import without a profile column — its only profile, else the one most of its devices use; none when there is no such profile (none used yet, or a tie). null or empty for no profile.",
});
export const newDeviceStrictSchema = z.discriminatedUnion(
  "activation",
  [z.strictObject({ ...otaaDeviceSchema.shape, profileId: profileIdOrDefault }), z.strictObject({ ...abpDeviceSchema.shape, profileId: profileIdOrDefault })],
  activationError,
);
export type NewDevice = z.output<typeof newDeviceSchema>;
export type NewDeviceInput = z.input<typeof newDeviceSchema>;
export type ActivationMode = NewDevice["activation"];

/** What can be changed after registration; the DevEUI and keys are fixed (delete and re-register to change them). */
export const deviceChangesSchema = z.object({
  name: deviceName.optional(),
  description: z.string().trim().max(DEVICE_DESCRIPTION_MAX, `Descriptions are at most ${DEVICE_DESCRIPTION_MAX} characters.`).optional(),
  tags: z.array(tag).max(DEVICE_TAGS_MAX, `A device has at most ${DEVICE_TAGS_MAX} tags.`).transform((tags) => [...new Set(tags)]).optional(),
  profileId: profileIdOrNone,
  /** null clears a location a person set (the network server's location events may then place it). */
  location: deviceLocationSchema.nullable().optional(),
});
export type DeviceChanges = z.output<typeof deviceChangesSchema>;

/** deviceChangesSchema refusing unknown fields, for machines (see newDeviceStrictSchema). */
export const deviceChangesStrictSchema = z.strictObject(deviceChangesSchema.shape);

const millivolts = (what: string) =>
  z
    .number({ error: `Enter the ${what} voltage in millivolts, e.g. 3000.` })
    .int(`Enter the ${what} voltage as a whole number of millivolts.`)
    .min(1, `The ${what} voltage must be between 1 and 60000 mV.`)
    .max(60_000, `The ${what} voltage must be between 1 and 60000 mV.`)
    .nullish()
    .transform((value) => value ?? null);

/** A battery range is both voltages or neither, and empty below full (as the database's check says too). */
function batteryRangeIssues(value: { batteryMinMv: number | null; batteryMaxMv: number | null }, ctx: z.RefinementCtx) {
  const { batteryMinMv: min, batteryMaxMv: max } = value;
  if (min !== null && max === null) ctx.addIssue({ code: "custom", path: ["batteryMaxMv"], message: "Enter the full voltage too, or clear the empty one." });
  if (max !== null && min === null) ctx.addIssue({ code: "custom", path: ["batteryMinMv"], message: "Enter the empty voltage too, or clear the full one." });
  if (min !== null && max !== null && max <= min) ctx.addIssue({ code: "custom", path: ["batteryMaxMv"], message: "The full voltage must be above the empty one." });
}

export const deviceProfileSchema = z.object({
  name: z.string({ error: "Enter a name for the profile." }).trim().min(1, "Enter a name for the profile.").max(80, "Profile names are at most 80 characters."),
  region: z.enum(LORAWAN_REGIONS, { error: `Region must be one of ${LORAWAN_REGIONS.join(", ")}.` }),
  macVersion: z.enum(LORAWAN_MAC_VERSIONS, { error: `LoRaWAN version must be one of ${LORAWAN_MAC_VERSIONS.join(", ")}.` }),
  deviceClass: z.enum(DEVICE_CLASSES, { error: "Device class must be A, B or C." }).default("A"),
  /** Empty means "no codec": uplinks are stored undecoded (unless the network server decoded them). */
  codecSource: z
    .string()
    .nullish()
    .transform((source) => (source && source.trim() !== "" ? source : null)),
  /** Battery voltage when empty and when full, for codecs that report batteryMillivolts (domain/devices/battery.ts). */
  batteryMinMv: millivolts("empty"),
  batteryMaxMv: millivolts("full"),
}).superRefine(batteryRangeIssues);
export type DeviceProfileInput = z.output<typeof deviceProfileSchema>;

/** Splits "a; b;c" (the CSV and form notation) into tags. */
export function splitTags(text: string): string[] {
  return text
    .split(/[;,]/)
    .map((t) => t.trim())
    .filter(Boolean);
}
