import { type BillingPeriod, hourStart, isInPeriod } from "./billing-period";

/** One device's usage in one UTC hour, as written by the metering rollup. */
export interface HourlyUsageRollup {
  deviceId: string;
  devEui: string;
  name: string;
  /** Start of the UTC hour (minutes, seconds, ms all zero). */
  hourStart: Date;
  uplinks: number;
  /** Message credits (lorawan/credits.ts): per uplink, one per started 24 bytes; a join counts one. */
  credits: number;
  payloadBytes: number;
}

/** One device's usage over a billing period: the rating engine's input. */
export interface DeviceUsage {
  deviceId: string;
  devEui: string;
  name: string;
  uplinks: number;
  credits: number;
  payloadBytes: number;
  /** Hours in which the device sent at least one uplink. */
  activeHours: number;
}

/**
 * Sums hourly rollups into per-device usage for `period`. Rollups for hours
 * outside the period — or at/after `until`, when given — are ignored, so the
 * caller may pass a wider query result. Several rollups for the same device
 * and hour are added together. Output is sorted by devEui, then deviceId.
 */
export function deviceUsageFromRollups(
  rollups: readonly HourlyUsageRollup[],
  period: BillingPeriod,
  until?: Date,
): DeviceUsage[] {
  const byDevice = new Map<string, DeviceUsage & { hours: Set<number> }>();
  for (const r of rollups) {
    if (hourStart(r.hourStart).getTime() !== r.hourStart.getTime()) {
      throw new RangeError(
        `Rollup for device ${r.deviceId} has hourStart ${r.hourStart.toISOString()}, which is not the start of an hour`,
      );
    }
    for (const [field, value] of [["uplinks", r.uplinks], ["credits", r.credits], ["payloadBytes", r.payloadBytes]] as const) {
      if (!Number.isSafeInteger(value) || value < 0) {
        throw new RangeError(`Rollup for device ${r.deviceId}: ${field} must be a whole number, 0 or more, got ${value}`);
      }
    }
    if (!isInPeriod(r.hourStart, period)) continue;
    if (until && r.hourStart.getTime() >= until.getTime()) continue;
    let d = byDevice.get(r.deviceId);
    if (!d) {
      d = { deviceId: r.deviceId, devEui: r.devEui, name: r.name, uplinks: 0, credits: 0, payloadBytes: 0, activeHours: 0, hours: new Set() };
      byDevice.set(r.deviceId, d);
    }
    d.uplinks += r.uplinks;
    d.credits += r.credits;
    d.payloadBytes += r.payloadBytes;
    if (r.uplinks > 0) d.hours.add(r.hourStart.getTime());
  }
  return [...byDevice.values()]
    .map(({ hours, ...d }) => ({ ...d, activeHours: hours.size }))
    .sort((a, b) => a.devEui.localeCompare(b.devEui) || a.deviceId.localeCompare(b.deviceId));
}
