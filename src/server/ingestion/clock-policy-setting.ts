import { z } from "zod";
import { CLOCK_POLICY, type ClockPolicy } from "@/domain/lorawan";

const HOUR_MS = 3_600_000;

/**
 * CLOCK_SKEW_MAX_LATE_HOURS: how late an event may arrive and still be stored and billed at its own
 * time (domain/lorawan/event-clock.ts). The web server checks it at start-up (src/env.ts); the
 * ingestion server and MQTT workers when they create their ingestion.
 */
export const maxLateHoursSchema = z.coerce
  .number({ error: "CLOCK_SKEW_MAX_LATE_HOURS must be a number of hours" })
  .int("CLOCK_SKEW_MAX_LATE_HOURS must be a whole number of hours")
  .min(1, "CLOCK_SKEW_MAX_LATE_HOURS must be from 1 to 8784 (a year)")
  .max(8_784, "CLOCK_SKEW_MAX_LATE_HOURS must be from 1 to 8784 (a year)")
  .default(CLOCK_POLICY.maxBehindMs / HOUR_MS);

/** The clock policy this process applies, from its environment; throws a message naming the variable. */
export function clockPolicyFromEnvironment(environment: Record<string, string | undefined> = process.env): ClockPolicy {
  const parsed = maxLateHoursSchema.safeParse(environment.CLOCK_SKEW_MAX_LATE_HOURS || undefined);
  if (!parsed.success) throw new Error(`${parsed.error.issues[0]!.message}, got '${environment.CLOCK_SKEW_MAX_LATE_HOURS}'.`);
  return { ...CLOCK_POLICY, maxBehindMs: parsed.data * HOUR_MS };
}
