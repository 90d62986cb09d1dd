/**
 * A waste bin's fill level over its fill cycle: from the moment it was emptied until it is emptied
 * again. Readings are added to the cycle's least-squares sums (t in hours since the cycle started), so
 * readings arriving out of order give the same line as in order; the line's slope is the bin's fill
 * rate and, from the latest reading, predicts when it will be full. A reading far below the latest one
 * means the bin was emptied: a new cycle starts at it. A late reading from before the cycle's first one
 * belongs to the cycle too (the line is moved to start at it), unless it is far above that first
 * reading: then the bin was emptied in between, and it is history, as it would have been in order.
 * Marking a bin collected starts a new cycle at once, with no readings yet; readings from before that
 * moment are history.
 */

/** The decoded field a fill-level codec names (the example codec's; any codec that names it counts). */
export const FILL_FIELD = "fillPercent";
/** A newer reading this many points below the latest means the bin was emptied. */
export const EMPTIED_DROP_PERCENT = 25;
/** Fill rates below this (points per hour) predict nothing: the bin is not filling. */
const MIN_RATE_PER_HOUR = 0.05;
/** A prediction further out than this is not one. */
const MAX_PREDICTION_MS = 30 * 86_400_000;
/** The readings' times must spread at least this much (standard deviation, hours) before a rate means anything. */
const MIN_SPREAD_HOURS = 0.25;
const HOUR_MS = 3_600_000;

export interface FillCycle {
  fillPercent: number;
  fillAt: Date;
  cycleStartedAt: Date;
  /** The fill of the cycle's first reading; null when the cycle began with a collection (nothing earlier belongs to it). */
  startFillPercent: number | null;
  readings: number;
  sumT: number;
  sumF: number;
  sumTT: number;
  sumTF: number;
  /** The first reading of the cycle at or above the threshold. */
  overSince: Date | null;
  /** When the crew marked it collected; set until a reading after that moment arrives. */
  collectedAt: Date | null;
}

export interface FillReading { at: Date; fillPercent: number }

/** The fill level a decoded payload reports, clamped to 0–100 (a sensor may overshoot), or null. */
export function fillPercentOf(data: Record<string, unknown> | null | undefined): number | null {
  const value = data?.[FILL_FIELD];
  if (typeof value !== "number" || !Number.isFinite(value)) return null;
  return Math.min(100, Math.max(0, value));
}

/** A cycle starting with this reading. */
function newCycle(reading: FillReading, thresholdPercent: number): FillCycle {
  return addPoint(
    { fillPercent: reading.fillPercent, fillAt: reading.at, cycleStartedAt: reading.at, startFillPercent: reading.fillPercent, readings: 0, sumT: 0, sumF: 0, sumTT: 0, sumTF: 0, overSince: null, collectedAt: null },
    reading,
    thresholdPercent,
  );
}

function addPoint(cycle: FillCycle, reading: FillReading, thresholdPercent: number): FillCycle {
  const t = (reading.at.getTime() - cycle.cycleStartedAt.getTime()) / HOUR_MS;
  const f = reading.fillPercent;
  const over = f >= thresholdPercent && (cycle.overSince === null || reading.at < cycle.overSince);
  return {
    ...cycle,
    readings: cycle.readings + 1,
    sumT: cycle.sumT + t,
    sumF: cycle.sumF + f,
    sumTT: cycle.sumTT + t * t,
    sumTF: cycle.sumTF + t * f,
    overSince: over ? reading.at : cycle.overSince,
  };
}

/** The same cycle measured from an earlier start (t = hours since it): the line's sums shifted by the difference. */
function startingAt(cycle: FillCycle, start: Date): FillCycle {
  const d = (cycle.cycleStartedAt.getTime() - start.getTime()) / HOUR_MS;
  const n = cycle.readings;
  return {
    ...cycle,
    cycleStartedAt: start,
    sumT: cycle.sumT + n * d,
    sumTT: cycle.sumTT + 2 * d * cycle.sumT + n * d * d,
    sumTF: cycle.sumTF + d * cycle.sumF,
  };
}

/** One reading applied to a bin's cycle (null: the bin's first reading). */
export function applyFillReading(cycle: FillCycle | null, reading: FillReading, thresholdPercent: number): FillCycle {
  if (!cycle) return newCycle(reading, thresholdPercent);
  if (reading.at < cycle.cycleStartedAt) {
    // From before the emptying (or the collection) that began this cycle: history, already behind us.
    if (cycle.startFillPercent === null || reading.fillPercent >= cycle.startFillPercent + EMPTIED_DROP_PERCENT) return cycle;
    return { ...addPoint(startingAt(cycle, reading.at), reading, thresholdPercent), startFillPercent: reading.fillPercent };
  }
  if (reading.at <= cycle.fillAt && cycle.collectedAt === null) return addPoint(cycle, reading, thresholdPercent);
  if (cycle.readings > 0 && cycle.collectedAt === null && reading.fillPercent <= cycle.fillPercent - EMPTIED_DROP_PERCENT) return newCycle(reading, thresholdPercent);
  const added = addPoint(cycle, reading, thresholdPercent);
  return reading.at >= cycle.fillAt || cycle.collectedAt !== null ? { ...added, fillPercent: reading.fillPercent, fillAt: reading.at, collectedAt: null } : added;
}

/** A batch's readings of one bin, in time order (as they happened, whatever order they arrived in). */
export function applyFillReadings(cycle: FillCycle | null, readings: readonly FillReading[], thresholdPercent: number): FillCycle | null {
  return [...readings].sort((a, b) => a.at.getTime() - b.at.getTime()).reduce<FillCycle | null>((state, reading) => applyFillReading(state, reading, thresholdPercent), cycle);
}

/** The crew emptied it: a new cycle starts now, with no readings yet. */
export function markCollected(cycle: FillCycle, at: Date): FillCycle {
  return { ...cycle, cycleStartedAt: at, startFillPercent: null, readings: 0, sumT: 0, sumF: 0, sumTT: 0, sumTF: 0, overSince: null, collectedAt: at };
}

/** Fill points per hour over the cycle (the slope of its least-squares line), or null when the readings cannot tell. */
export function fillRatePerHour(cycle: FillCycle): number | null {
  const n = cycle.readings;
  if (n < 2) return null;
  const variance = cycle.sumTT / n - (cycle.sumT / n) ** 2;
  if (!(variance >= MIN_SPREAD_HOURS ** 2)) return null;
  return (n * cycle.sumTF - cycle.sumT * cycle.sumF) / (n * n * variance);
}

/** When the bin will be full at its current rate, from its latest reading; null when it is not filling. */
export function predictedFullAt(cycle: FillCycle): Date | null {
  if (cycle.collectedAt !== null) return null;
  if (cycle.fillPercent >= 100) return cycle.fillAt;
  const rate = fillRatePerHour(cycle);
  if (rate === null || rate < MIN_RATE_PER_HOUR) return null;
  const ms = ((100 - cycle.fillPercent) / rate) * HOUR_MS;
  return ms > MAX_PREDICTION_MS ? null : new Date(cycle.fillAt.getTime() + ms);
}
