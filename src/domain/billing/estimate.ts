import { hoursInPeriod, periodContaining } from "./billing-period";
import { roundHalfUp } from "./money";
import type { PlanVersion } from "./plan";
import { type RatedPeriod, ratePeriod } from "./rate-period";
import type { DeviceUsage } from "./device-usage";

const HOUR_MS = 3_600_000;

export interface EstimateInput {
  now: Date;
  planVersions: readonly PlanVersion[];
  /** Usage so far in the period containing `now` (the hours that have started). */
  devices: readonly DeviceUsage[];
}

export interface Estimate extends RatedPeriod {
  asOf: Date;
  /** Hours of the period started so far (the current hour counts), at least 1. */
  elapsedHours: number;
  hoursInPeriod: number;
  /**
   * Simple linear projection to period end: each device's credits are scaled
   * by hoursInPeriod / elapsedHours; devices active so far stay active and no
   * new devices are assumed. Same engine, so allowance/minimum/VAT apply.
   */
  projectedTotalPence: number;
  projectedNotionalTotalPence: number;
}

/** Rates the period containing `now` on usage so far, plus a linear projection. */
export function estimateToDate({ now, planVersions, devices }: EstimateInput): Estimate {
  const period = periodContaining(now);
  const toDate = ratePeriod({ period, planVersions, devices });
  const total = hoursInPeriod(period);
  const elapsedHours = Math.min(total, Math.max(1, Math.ceil((now.getTime() - period.start.getTime()) / HOUR_MS)));
  const projected = ratePeriod({
    period,
    planVersions,
    devices: devices.map((d) => ({ ...d, credits: roundHalfUp(d.credits * total, elapsedHours) })),
  });
  return {
    ...toDate,
    asOf: now,
    elapsedHours,
    hoursInPeriod: total,
    projectedTotalPence: projected.totalPence,
    projectedNotionalTotalPence: projected.notionalTotalPence,
  };
}
