import { monthLabel, nextPeriod, parsePeriodKey, periodContaining, periodKey, previousPeriod, type BillingPeriod } from "@/domain/billing";

/** Billing periods are calendar months in UTC; every label here is therefore formatted in UTC too. */
const shortMonth = new Intl.DateTimeFormat("en-GB", { month: "short", year: "2-digit", timeZone: "UTC" });
const dayMonth = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", timeZone: "UTC" });
const fullDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export const currentPeriod = (now = new Date()) => periodContaining(now);
export const lastPeriod = (now = new Date()) => previousPeriod(periodContaining(now));

/** "November 2026" */
export const periodLabel = monthLabel;
/** "Nov 26", for chart axes. */
export const shortPeriodLabel = (date: Date) => shortMonth.format(date);
/** "1 December", the first day of a period. */
export const firstDayLabel = (period: BillingPeriod) => dayMonth.format(period.start);
/** "3 Dec 2026", a calendar date (UTC, like the billing periods). */
export const formatDate = (date: Date | string | null | undefined) => (date ? fullDate.format(new Date(date)) : "—");

export const periodLabelForKey = (key: string) => periodLabel(parsePeriodKey(key));

/** `count` consecutive periods ending with `latest`, newest first. */
export function periodsBackFrom(latest: BillingPeriod, count: number): BillingPeriod[] {
  const periods: BillingPeriod[] = [];
  let period = latest;
  for (let i = 0; i < count; i++) {
    periods.push(period);
    period = previousPeriod(period);
  }
  return periods;
}

/** Options for a month select: value "YYYY-MM", label "November 2026 (2026-11)". */
export function periodOptions(periods: readonly BillingPeriod[]) {
  return periods.map((p) => ({ value: periodKey(p), label: `${periodLabel(p)} (${periodKey(p)})` }));
}

export { nextPeriod, parsePeriodKey, periodKey };
