import { LOW_BATTERY_PERCENT } from "@/domain/devices/battery";
import { fillRatePerHour, predictedFullAt, type FillCycle } from "./fill-level";
import type { WasteSettings } from "./waste-settings";

/**
 * What the waste team needs to know about one bin right now, and the order the dashboard lists bins
 * in: over the threshold first (longest over first), then those predicted full before the next round
 * (soonest first), then the rest (fullest first); bins just collected and waiting for a reading last.
 * The server applies the same rules in SQL to count and page a tenant's bins (bin-status-sql.ts).
 */

export type BinStatus = "over" | "due" | "ok" | "collected";
/** The marker colour: a fill band, or "stale" when the sensor is not reporting. */
export type FillBand = "low" | "medium" | "high" | "stale";

export interface BinFacts {
  cycle: FillCycle;
  lastSeenAt: Date | null;
  batteryPercent: number | null;
}

export interface BinAssessment {
  status: BinStatus;
  band: FillBand;
  /** How long it has been over the threshold (ms), when it is. */
  overForMs: number | null;
  ratePerHour: number | null;
  fullBy: Date | null;
  onCollectionList: boolean;
  /** Hours since the last reading, when that is longer than the tenant allows. */
  silentForHours: number | null;
  lowBattery: boolean;
}

const HOUR_MS = 3_600_000;
const MEDIUM_FROM_PERCENT = 50;

export function assessBin({ cycle, lastSeenAt, batteryPercent }: BinFacts, settings: WasteSettings, now: Date): BinAssessment {
  const over = cycle.collectedAt === null && cycle.fillPercent >= settings.thresholdPercent;
  const fullBy = predictedFullAt(cycle);
  const nextRound = now.getTime() + settings.roundIntervalHours * HOUR_MS;
  const due = !over && cycle.collectedAt === null && fullBy !== null && fullBy.getTime() <= nextRound;
  const heard = Math.max(lastSeenAt?.getTime() ?? 0, cycle.fillAt.getTime());
  const silentMs = now.getTime() - heard;
  const silent = silentMs > settings.silentAfterHours * HOUR_MS;
  const status: BinStatus = cycle.collectedAt !== null ? "collected" : over ? "over" : due ? "due" : "ok";
  return {
    status,
    band: silent ? "stale" : status === "collected" || cycle.fillPercent < MEDIUM_FROM_PERCENT ? "low" : over ? "high" : "medium",
    overForMs: over ? now.getTime() - (cycle.overSince ?? cycle.fillAt).getTime() : null,
    ratePerHour: cycle.collectedAt === null ? fillRatePerHour(cycle) : null,
    fullBy,
    onCollectionList: over || due,
    silentForHours: silent ? Math.floor(silentMs / HOUR_MS) : null,
    lowBattery: batteryPercent !== null && batteryPercent < LOW_BATTERY_PERCENT,
  };
}

const STATUS_ORDER: Record<BinStatus, number> = { over: 0, due: 1, ok: 2, collected: 3 };

/** Most urgent first; ties by id, so the list never reshuffles between refreshes. */
export function compareUrgency(a: { assessment: BinAssessment; fillPercent: number; id: string }, b: { assessment: BinAssessment; fillPercent: number; id: string }): number {
  const byStatus = STATUS_ORDER[a.assessment.status] - STATUS_ORDER[b.assessment.status];
  if (byStatus) return byStatus;
  if (a.assessment.status === "over") {
    const byTimeOver = (b.assessment.overForMs ?? 0) - (a.assessment.overForMs ?? 0);
    if (byTimeOver) return byTimeOver;
  }
  const byFullBy = (a.assessment.fullBy?.getTime() ?? Number.POSITIVE_INFINITY) - (b.assessment.fullBy?.getTime() ?? Number.POSITIVE_INFINITY);
  if (byFullBy && Number.isFinite(byFullBy)) return byFullBy;
  if (a.assessment.fullBy && !b.assessment.fullBy) return -1;
  if (!a.assessment.fullBy && b.assessment.fullBy) return 1;
  const byFill = b.fillPercent - a.fillPercent;
  if (byFill) return byFill;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
