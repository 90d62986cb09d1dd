import { hourStart } from "@/domain/billing/billing-period";

/** The periods the device page charts a field over, and how many hours each point of the chart spans. */
export const READING_WINDOWS = {
  "24h": { hours: 24, bucketHours: 1 },
  "7d": { hours: 24 * 7, bucketHours: 1 },
  "30d": { hours: 24 * 30, bucketHours: 6 },
} as const;
export type ReadingWindow = keyof typeof READING_WINDOWS;
/** A series' span: so many hours up to now, a point per so many hours. */
export interface SeriesSpan { hours: number; bucketHours: number }

const HOUR_MS = 3_600_000;

export interface HourlyReadings { hour: Date; readings: number; sum: number; min: number; max: number }
/** One point of a chart: the average, lowest and highest reading in its span; all null when none was read. */
export interface ReadingPoint { at: Date; average: number | null; min: number | null; max: number | null; readings: number }

/** The first hour of the window that ends with the (still filling) hour holding `now`, aligned to its buckets. */
export function readingWindowStart(now: Date, window: ReadingWindow | SeriesSpan): Date {
  const { hours, bucketHours } = typeof window === "string" ? READING_WINDOWS[window] : window;
  const lastBucket = Math.floor(hourStart(now).getTime() / (bucketHours * HOUR_MS)) * bucketHours * HOUR_MS;
  return new Date(lastBucket - (hours / bucketHours - 1) * bucketHours * HOUR_MS);
}

/**
 * The window's points, oldest first: hourly rollup rows merged into buckets (readings and sums add up,
 * extremes take the extreme), and nulls where the device read nothing (lineThroughReadings says which
 * of those gaps a line may cross). Rows outside the window are ignored.
 */
export function readingSeries(now: Date, window: ReadingWindow | SeriesSpan, rows: readonly HourlyReadings[]): ReadingPoint[] {
  const { hours, bucketHours } = typeof window === "string" ? READING_WINDOWS[window] : window;
  const start = readingWindowStart(now, window).getTime();
  const span = bucketHours * HOUR_MS;
  const buckets = Array.from({ length: hours / bucketHours }, (_, i) => ({ at: new Date(start + i * span), readings: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY }));
  for (const row of rows) {
    const bucket = buckets[Math.floor((row.hour.getTime() - start) / span)];
    if (!bucket || row.hour.getTime() < start) continue;
    bucket.readings += row.readings;
    bucket.sum += row.sum;
    bucket.min = Math.min(bucket.min, row.min);
    bucket.max = Math.max(bucket.max, row.max);
  }
  return buckets.map((b) =>
    b.readings === 0 ? { at: b.at, average: null, min: null, max: null, readings: 0 } : { at: b.at, average: b.sum / b.readings, min: b.min, max: b.max, readings: b.readings },
  );
}

/**
 * A chart's line through a series' averages: through every point with readings and across a short
 * gap between two (a sensor that reports every few hours leaves empty hours between its readings),
 * drawn straight from one reading to the next; a long gap, where the device was silent for longer
 * than usual, stays a gap (null). Short: at most twice the usual spacing of the points with readings
 * (their median), and always a single empty point.
 */
export function lineThroughReadings(averages: ReadonlyArray<number | null>): Array<number | null> {
  const read = averages.flatMap((value, i) => (value === null ? [] : [i]));
  const spacings = read.slice(1).map((i, k) => i - read[k]!).sort((a, b) => a - b);
  const usual = spacings.length ? spacings[Math.floor((spacings.length - 1) / 2)]! : 1;
  const longest = Math.max(2, 2 * usual);
  const line = [...averages];
  for (let k = 1; k < read.length; k++) {
    const [from, to] = [read[k - 1]!, read[k]!];
    if (to - from > longest) continue;
    for (let i = from + 1; i < to; i++) line[i] = averages[from]! + ((averages[to]! - averages[from]!) * (i - from)) / (to - from);
  }
  return line;
}
