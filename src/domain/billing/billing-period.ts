/**
 * Monthly billing periods in UTC. A period runs from the first of the month
 * 00:00Z (inclusive) to the first of the next month 00:00Z (exclusive).
 */
import { invalid } from "../errors";

export interface BillingPeriod {
  /** First instant of the period (inclusive), 1st of the month 00:00Z. */
  start: Date;
  /** First instant after the period (exclusive), 1st of the next month 00:00Z. */
  end: Date;
}

const HOUR_MS = 3_600_000;

function assertValidDate(date: Date, label: string): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new RangeError(`${label} must be a valid Date`);
  }
}

function monthPeriod(year: number, monthIndex: number): BillingPeriod {
  return {
    start: new Date(Date.UTC(year, monthIndex, 1)),
    end: new Date(Date.UTC(year, monthIndex + 1, 1)),
  };
}

/** The period that contains `date` (UTC). */
export function periodContaining(date: Date): BillingPeriod {
  assertValidDate(date, "date");
  return monthPeriod(date.getUTCFullYear(), date.getUTCMonth());
}

export function previousPeriod(period: BillingPeriod): BillingPeriod {
  return monthPeriod(period.start.getUTCFullYear(), period.start.getUTCMonth() - 1);
}

export function nextPeriod(period: BillingPeriod): BillingPeriod {
  return monthPeriod(period.start.getUTCFullYear(), period.start.getUTCMonth() + 1);
}

/** True when `date` is the first instant of a billing period (1st of a month, 00:00:00.000Z). */
export function isPeriodStart(date: Date): boolean {
  assertValidDate(date, "date");
  return periodContaining(date).start.getTime() === date.getTime();
}

/** True when start <= date < end. */
export function isInPeriod(date: Date, period: BillingPeriod): boolean {
  const t = date.getTime();
  return t >= period.start.getTime() && t < period.end.getTime();
}

/** "2026-11" for November 2026. */
export function periodKey(period: BillingPeriod): string {
  const year = period.start.getUTCFullYear();
  const month = period.start.getUTCMonth() + 1;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
}

const MONTH_YEAR = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

/** "November 2026": how a period is named on invoices and screens (UTC, like the periods). */
export function monthLabel(period: BillingPeriod | Date): string {
  return MONTH_YEAR.format(period instanceof Date ? period : period.start);
}

/** Inverse of periodKey: "2026-11" → November 2026. */
export function parsePeriodKey(key: string): BillingPeriod {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (!match) {
    throw invalid(`Billing period key must look like "YYYY-MM" (e.g. "2026-11"), got "${key}"`);
  }
  return monthPeriod(Number(match[1]), Number(match[2]) - 1);
}

/** The start of the UTC hour containing `date` (hourly usage bucket). */
export function hourStart(date: Date): Date {
  assertValidDate(date, "date");
  return new Date(Math.floor(date.getTime() / HOUR_MS) * HOUR_MS);
}

/** Number of whole hours in the period (672–744). */
export function hoursInPeriod(period: BillingPeriod): number {
  return (period.end.getTime() - period.start.getTime()) / HOUR_MS;
}
