/**
 * A device's battery level, from what its events say.
 *
 * A payload codec names the battery in its decoded `data` (the convention, also for data the network
 * server decoded): `batteryPercent`, 0–100, or `batteryMillivolts`, which the device profile's voltage
 * range (empty → 0 %, full → 100 %, linear in between) turns into a percentage. A percentage wins over
 * millivolts; anything else (a value outside 0–100 %, millivolts without a range, not a number) is no
 * reading. Network servers report a level too (ChirpStack `status` events, from the LoRaWAN
 * DevStatusAns), but that is the firmware's rough 1–254 scale and often not implemented, so once a
 * device's payloads have named its battery, network reports no longer change it.
 */

export interface BatteryRange { minMv: number; maxMv: number }
export type BatterySource = "payload" | "network";
export interface BatteryReading { percent: number; source: BatterySource }

/** Below this, the tenant overview counts the device as low on battery. */
export const LOW_BATTERY_PERCENT = 20;

/** The battery percentage a codec's decoded data names, or null. */
export function payloadBatteryPercent(data: Record<string, unknown> | null, range: BatteryRange | null): number | null {
  if (!data) return null;
  const percent = data.batteryPercent;
  if (typeof percent === "number" && Number.isFinite(percent)) return percent >= 0 && percent <= 100 ? percent : null;
  const millivolts = data.batteryMillivolts;
  if (typeof millivolts !== "number" || !Number.isFinite(millivolts) || !range) return null;
  return millivoltsToPercent(millivolts, range);
}

/** Linear between the range's empty and full voltages, clamped to 0–100 and rounded to a whole percent. */
export function millivoltsToPercent(millivolts: number, { minMv, maxMv }: BatteryRange): number {
  const percent = ((millivolts - minMv) / (maxMv - minMv)) * 100;
  return Math.round(Math.min(100, Math.max(0, percent)));
}

/** One event's reading: the payload's if it names one, else the network server's. */
export function eventBattery(payloadPercent: number | null, networkPercent: number | null): BatteryReading | null {
  if (payloadPercent !== null) return { percent: payloadPercent, source: "payload" };
  if (networkPercent !== null) return { percent: networkPercent, source: "network" };
  return null;
}

/** Which of a device's current reading and a newer one to keep: the newer, unless it is the network's and the current is the payload's. */
export function preferredBattery(current: BatteryReading | null, next: BatteryReading | null): BatteryReading | null {
  if (!next) return current;
  if (current?.source === "payload" && next.source === "network") return current;
  return next;
}

/** The range a profile's optional fields give, or null when it has none. */
export function batteryRangeOf(profile: { batteryMinMv: number | null; batteryMaxMv: number | null }): BatteryRange | null {
  return profile.batteryMinMv !== null && profile.batteryMaxMv !== null ? { minMv: profile.batteryMinMv, maxMv: profile.batteryMaxMv } : null;
}
