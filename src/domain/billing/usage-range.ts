import { invalid } from "@/domain/errors";
import { periodContaining } from "./billing-period";

/** Usage is metered per UTC hour; reports add it up per hour or per UTC day (as the billing page's chart). */
export const USAGE_GRANULARITIES = ["hour", "day"] as const;
export type UsageGranularity = (typeof USAGE_GRANULARITIES)[number];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const BUCKET_MS: Record<UsageGranularity, number> = { hour: HOUR_MS, day: DAY_MS };

/** The longest span one request may cover: a month of hours, a year of days. */
export const USAGE_RANGE_MAX_DAYS: Record<UsageGranularity, number> = { hour: 31, day: 366 };

/**
 * The half-open span [from, to) a usage report covers. Both ends must fall on the buckets' boundaries
 * (whole UTC hours, or UTC midnights), so no bucket is partly counted; left out, the span is the current
 * billing period so far (from its first day to the end of the current hour or day), what the billing page shows.
 */
export function usageRange(input: { from?: Date; to?: Date; granularity: UsageGranularity }, now = new Date()): { from: Date; to: Date } {
  const size = BUCKET_MS[input.granularity];
  const from = input.from ?? periodContaining(now).start;
  const to = input.to ?? new Date(Math.ceil((now.getTime() + 1) / size) * size);
  const boundary = input.granularity === "hour" ? "a whole UTC hour, e.g. 2026-11-01T09:00:00Z" : "a UTC midnight, e.g. 2026-11-01";
  if (from.getTime() % size !== 0) throw invalid(`Query parameter 'from': with granularity=${input.granularity} it must be ${boundary}.`);
  if (to.getTime() % size !== 0) throw invalid(`Query parameter 'to': with granularity=${input.granularity} it must be ${boundary}.`);
  if (to.getTime() <= from.getTime()) throw invalid("Query parameter 'to': it must be after 'from' (the span is from 'from' up to, not including, 'to').");
  const maxDays = USAGE_RANGE_MAX_DAYS[input.granularity];
  if (to.getTime() - from.getTime() > maxDays * DAY_MS) {
    throw invalid(`Query parameter 'to': with granularity=${input.granularity} one request covers at most ${maxDays} days; ask for the rest in further requests.`);
  }
  return { from, to };
}

/** A query parameter's instant: a UTC date (2026-11-01, meaning its midnight) or an ISO 8601 time with its offset. */
export function parseInstant(text: string): Date | null {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  if (!dateOnly && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i.test(text)) return null;
  const date = new Date(dateOnly ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) return null;
  // Date accepts 2026-02-31 and rolls it over; a real calendar date reads back as written.
  if (dateOnly && date.toISOString().slice(0, 10) !== text) return null;
  return date;
}
