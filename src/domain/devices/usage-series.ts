import { hourStart } from "@/domain/billing/billing-period";

/** The windows the usage charts offer, in hours; each is shown hour by hour. */
export const USAGE_WINDOWS = { "24h": 24, "7d": 24 * 7 } as const;
export type UsageWindow = keyof typeof USAGE_WINDOWS;

const HOUR_MS = 60 * 60 * 1000;

export interface UsageCounts { uplinks: number; downlinks: number; joins: number; credits: number }
export interface UsagePoint extends UsageCounts { hour: Date }

/** The first hour of the window ending with the hour that holds `now` (UTC hours). */
export function usageWindowStart(now: Date, window: UsageWindow): Date {
  return new Date(hourStart(now).getTime() - (USAGE_WINDOWS[window] - 1) * HOUR_MS);
}

/**
 * One point per hour of the window, oldest first, with hours that had no traffic as zeros (the
 * database only has rows for hours with traffic). Rows outside the window are ignored.
 */
export function hourlySeries(now: Date, window: UsageWindow, rows: readonly UsagePoint[]): { points: UsagePoint[]; totals: UsageCounts } {
  const start = usageWindowStart(now, window).getTime();
  const points: UsagePoint[] = Array.from({ length: USAGE_WINDOWS[window] }, (_, i) => ({ hour: new Date(start + i * HOUR_MS), uplinks: 0, downlinks: 0, joins: 0, credits: 0 }));
  const totals: UsageCounts = { uplinks: 0, downlinks: 0, joins: 0, credits: 0 };
  for (const row of rows) {
    const point = points[Math.floor((hourStart(row.hour).getTime() - start) / HOUR_MS)];
    if (!point) continue;
    for (const key of ["uplinks", "downlinks", "joins", "credits"] as const) {
      point[key] += row[key];
      totals[key] += row[key];
    }
  }
  return { points, totals };
}
