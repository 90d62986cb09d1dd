import { hourStart } from "@/domain/billing/billing-period";

const HOUR_MS = 3_600_000;

/**
 * Traffic is kept in hourly totals (usage_hourly, gateway_hourly), so "the last N hours" means every
 * hourly bucket that overlaps [now − N h, now]: from the start of the hour N hours ago up to the
 * current, still filling, hour. Counts kept by time rather than by hour (unclaimed DevEUIs) use the
 * same start so the numbers on one page agree with each other.
 */
export function windowStart(now: Date, hours: number): Date {
  return hourStart(new Date(now.getTime() - hours * HOUR_MS));
}

export interface HourlyPoint { hour: Date; uplinks: number }

/** The `hours` hourly buckets ending with the current one, oldest first, zero where nothing was heard. */
export function hourlySeries(now: Date, hours: number, rows: readonly HourlyPoint[]): HourlyPoint[] {
  const byHour = new Map(rows.map((r) => [r.hour.getTime(), r.uplinks]));
  const last = hourStart(now).getTime();
  return Array.from({ length: hours }, (_, i) => {
    const hour = last - (hours - 1 - i) * HOUR_MS;
    return { hour: new Date(hour), uplinks: byHour.get(hour) ?? 0 };
  });
}

/** First bucket of hourlySeries(now, hours, …), for the query that feeds it. */
export function seriesStart(now: Date, hours: number): Date {
  return new Date(hourStart(now).getTime() - (hours - 1) * HOUR_MS);
}
