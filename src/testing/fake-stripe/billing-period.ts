import type Stripe from "stripe";

/**
 * Adds a price's recurring interval to a UTC timestamp. Months and years keep the day of month and
 * clamp to the month's last day (Jan 31 + 1 month → Feb 28/29), as Stripe's billing cycle does.
 */
export function addInterval(timestamp: number, recurring: Pick<Stripe.Price.Recurring, "interval" | "interval_count">): number {
  const count = recurring.interval_count;
  switch (recurring.interval) {
    case "day":
      return timestamp + count * 86400;
    case "week":
      return timestamp + count * 7 * 86400;
    case "year":
      return addMonths(timestamp, count * 12);
    default:
      return addMonths(timestamp, count);
  }
}

function addMonths(timestamp: number, months: number): number {
  const date = new Date(timestamp * 1000);
  const targetMonth = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), targetMonth + 1, 0)).getUTCDate();
  const shifted = Date.UTC(
    date.getUTCFullYear(),
    targetMonth,
    Math.min(date.getUTCDate(), lastDay),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  );
  return Math.floor(shifted / 1000);
}
