import { z } from "zod";

/**
 * An RFC 3339 timestamp with an explicit offset, as both network servers send
 * (ChirpStack "…T09:34:15.775023242+00:00", TTS "…T14:34:32.869542824Z").
 * Fractions beyond milliseconds are dropped by Date.
 */
export const timestampSchema = z
  .iso.datetime({ offset: true, error: "must be an RFC 3339 timestamp with a time zone, e.g. 2024-05-01T12:00:00Z" })
  .transform((text) => new Date(text));
