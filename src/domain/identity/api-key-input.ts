import { z } from "zod";

/**
 * What a tenant admin sends to create an API key, shared by the API and the portal's form.
 * Imported by client components: nothing here may pull in Node modules (api-keys.ts uses node:crypto).
 */

/** Every key starts with it; the portal shows it with the public id so people recognise a key in their config. */
export const API_KEY_PREFIX = "lrk_";

export const API_KEY_NAME_MAX = 80;

/** `read` lists and reads; `read-write` may also register, change and delete devices. */
export const API_KEY_SCOPES = ["read", "read-write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** The expiries the portal offers, in days; the API accepts any future time up to the longest. */
export const API_KEY_EXPIRY_DAYS = [7, 30, 90, 365] as const;
const DAY_MS = 86_400_000;
const LONGEST_EXPIRY_MS = Math.max(...API_KEY_EXPIRY_DAYS) * DAY_MS;

export const newApiKeySchema = z.object({
  name: z
    .string({ error: "Enter a name for the key." })
    .trim()
    .min(1, "Enter a name for the key, e.g. Asset system.")
    .max(API_KEY_NAME_MAX, `Key names are at most ${API_KEY_NAME_MAX} characters.`),
  scope: z.enum(API_KEY_SCOPES, { error: "Choose what the key may do: read, or read-write." }).default("read"),
  /** Null or left out: the key works until it is revoked. */
  expiresAt: z
    .date({ error: "Choose when the key expires, or that it does not." })
    .nullish()
    .transform((at) => at ?? null)
    .refine((at) => at === null || at.getTime() > Date.now(), "The expiry must be in the future.")
    .refine((at) => at === null || at.getTime() <= Date.now() + LONGEST_EXPIRY_MS + DAY_MS, "Keys expire at most a year ahead; create a new key when it runs out."),
});
export type NewApiKey = z.output<typeof newApiKeySchema>;

/** What the portal shows for a key: working, past its expiry, or revoked (which wins). */
export function apiKeyStatus(key: { revokedAt: Date | null; expiresAt: Date | null }, now = new Date()): "active" | "expired" | "revoked" {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}
