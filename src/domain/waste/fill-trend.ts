import { readingSeries, type HourlyReadings, type SeriesSpan } from "@/domain/readings/reading-series";
import { EMPTIED_DROP_PERCENT } from "./fill-level";

/** The span of a bin's trend on the dashboard: two days, a point per two hours (bin sensors report every few hours). */
export const FILL_TREND_SPAN: SeriesSpan = { hours: 48, bucketHours: 2 };

/** A bin's fill over FILL_TREND_SPAN from the hourly readings rollup, oldest first: whole percents, null where nothing was read. */
export function fillTrend(now: Date, rows: readonly HourlyReadings[]): Array<number | null> {
  return readingSeries(now, FILL_TREND_SPAN, rows).map((p) => (p.average === null ? null : Math.round(p.average)));
}

/** The trend in words, for those who cannot see the sparkline: where it started and ended, and how often it was emptied. */
export function describeFillTrend(trend: ReadonlyArray<number | null>): string {
  const read = trend.filter((v): v is number => v !== null);
  const span = `Fill over the last ${FILL_TREND_SPAN.hours} hours`;
  if (read.length === 0) return `${span}: no readings.`;
  if (read.length === 1) return `${span}: one reading, ${read[0]} %.`;
  const emptied = read.slice(1).filter((v, i) => v <= read[i]! - EMPTIED_DROP_PERCENT).length;
  const emptyings = emptied === 0 ? "" : emptied === 1 ? ", emptied once" : `, emptied ${emptied} times`;
  return `${span}: from ${read[0]} % to ${read.at(-1)} %${emptyings}.`;
}
