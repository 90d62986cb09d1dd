import { toCsv } from "@/domain/billing/csv";
import type { BinAssessment } from "./bin-assessment";

/** One bin on the day's collection list, in the dashboard's urgency order. */
export interface CollectionStop {
  name: string;
  devEui: string;
  latitude: number | null;
  longitude: number | null;
  fillPercent: number;
  fillAt: Date;
  tags: readonly string[];
  assessment: BinAssessment;
}

export const COLLECTION_CSV_HEADER = ["stop", "bin", "dev_eui", "latitude", "longitude", "fill_percent", "reading_at", "reason", "over_threshold_since", "predicted_full_at", "battery_low", "not_reporting_hours", "tags"] as const;

/** Why a bin is on the list, in the crew's words. */
export function collectionReason(assessment: BinAssessment): string {
  return assessment.status === "over" ? "over threshold" : "full before next round";
}

/**
 * The day's collection list as CSV for a crew's route planner or a spreadsheet: stops in urgency order,
 * times in UTC (ISO 8601), coordinates in WGS84 degrees.
 */
export function collectionListCsv(stops: readonly CollectionStop[], now: Date): string {
  return toCsv(
    COLLECTION_CSV_HEADER,
    stops.map((s, i) => [
      i + 1,
      s.name,
      s.devEui,
      s.latitude,
      s.longitude,
      Math.round(s.fillPercent),
      s.fillAt.toISOString(),
      collectionReason(s.assessment),
      s.assessment.overForMs !== null ? new Date(now.getTime() - s.assessment.overForMs).toISOString() : null,
      s.assessment.fullBy?.toISOString() ?? null,
      s.assessment.lowBattery ? "yes" : "no",
      s.assessment.silentForHours,
      s.tags.join(";"),
    ]),
  );
}
