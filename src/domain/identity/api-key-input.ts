import { z } from "zod";

/**
 * What a tenant admin sends to create an API key, shared by the API and the portal's form.
 * Imported by client components: nothing here may pull in Node modules (api-keys.ts uses node:crypto).
 */

/** Every key starts with it; the portal shows it with the public id so people recognise a key in their config. */
export const API_KEY_PREFIX = "lrk_";

export const API_KEY_NAME_MAX = 80;

export const newApiKeySchema = z.object({
  name: z
    .string({ error: "Enter a name for the key." })
    .trim()
    .min(1, "Enter a name for the key, e.g. Asset system.")
    .max(API_KEY_NAME_MAX, `Key names are at most ${API_KEY_NAME_MAX} characters.`),
});
export type NewApiKey = z.infer<typeof newApiKeySchema>;
