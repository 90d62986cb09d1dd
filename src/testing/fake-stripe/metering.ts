import Stripe from "stripe";
import type { Store, StoredMeterEvent } from "./store";

const WINDOW_SECONDS: Record<string, number> = { hour: 3600, day: 86400 };

/**
 * The events that count for one customer on one meter, with timestamps in [start, end).
 * Pre-aggregated meters (`event_time_window: "hour" | "day"`): within each UTC window only the most
 * recently *received* event counts (a later event overwrites an earlier one even if its timestamp is
 * older). Cancelled events and events with an async error never count. If the latest event in a
 * window is cancelled, the next most recent one counts again [assumed, see README].
 */
export function countedEvents(store: Store, meter: Stripe.Billing.Meter, customerId: string, start: number, end: number): StoredMeterEvent[] {
  const live = store.meterEvents.filter(
    (e) => e.meterId === meter.id && e.customerId === customerId && e.asyncError === null && e.canceledAt === null,
  );
  const windowSeconds = meter.event_time_window ? WINDOW_SECONDS[meter.event_time_window] : undefined;
  const reduced = windowSeconds === undefined ? live : latestPerWindow(live, windowSeconds);
  return reduced.filter((e) => e.event.timestamp >= start && e.event.timestamp < end);
}

function latestPerWindow(events: StoredMeterEvent[], windowSeconds: number): StoredMeterEvent[] {
  const latest = new Map<number, StoredMeterEvent>();
  for (const event of events) {
    const window = Math.floor(event.event.timestamp / windowSeconds) * windowSeconds;
    const current = latest.get(window);
    if (current === undefined || receivedLater(event, current)) latest.set(window, event);
  }
  return [...latest.values()];
}

function receivedLater(a: StoredMeterEvent, b: StoredMeterEvent): boolean {
  return a.receivedAt !== b.receivedAt ? a.receivedAt > b.receivedAt : a.seq > b.seq;
}

/** Applies the meter's formula (`sum`, `count`, `last`) using exact decimal arithmetic. */
export function aggregate(meter: Stripe.Billing.Meter, events: StoredMeterEvent[]): number {
  switch (meter.default_aggregation.formula) {
    case "count":
      return events.length;
    case "last": {
      const last = [...events].sort((a, b) => a.event.timestamp - b.event.timestamp || a.seq - b.seq).at(-1);
      return last?.value ?? 0;
    }
    default:
      return events.reduce((total, e) => total.add(Stripe.Decimal.from(e.value)), Stripe.Decimal.zero).toNumber();
  }
}

export function meterTotal(store: Store, meter: Stripe.Billing.Meter, customerId: string, start: number, end: number): number {
  return aggregate(meter, countedEvents(store, meter, customerId, start, end));
}

/** `[start, end)` split into UTC hour/day windows (or one span), each with its aggregated value. */
export function summarize(
  store: Store,
  meter: Stripe.Billing.Meter,
  customerId: string,
  start: number,
  end: number,
  groupBy: string | undefined,
): Array<{ start: number; end: number; value: number }> {
  const step = groupBy === undefined ? end - start : (WINDOW_SECONDS[groupBy] ?? end - start);
  const out: Array<{ start: number; end: number; value: number }> = [];
  for (let windowStart = start; windowStart < end; windowStart += step) {
    const windowEnd = Math.min(end, windowStart + step);
    const events = countedEvents(store, meter, customerId, windowStart, windowEnd);
    if (groupBy === undefined || events.length > 0) out.push({ start: windowStart, end: windowEnd, value: aggregate(meter, events) });
  }
  return out;
}
