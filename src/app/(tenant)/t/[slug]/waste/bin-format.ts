import type { BadgeTone } from "@/components/ui/badge";
import type { BinAssessment, BinStatus, FillBand } from "@/domain/waste/bin-assessment";

/** How the waste dashboard writes and colours a bin's state. */

export const BAND_COLOURS: Record<FillBand, string> = { low: "#16a34a", medium: "#d97706", high: "#dc2626", stale: "#94a3b8" };
export const BAND_LABELS: Record<FillBand, string> = { low: "Under 50 %", medium: "50 % to the threshold", high: "Over the threshold", stale: "Not reporting" };

/** A status in a word or two, where there is no room for the details (the map's pick). */
export const STATUS_WORDS: Record<BinStatus, { label: string; tone: BadgeTone }> = {
  over: { label: "Over threshold", tone: "red" },
  due: { label: "Full before next round", tone: "amber" },
  ok: { label: "OK", tone: "green" },
  collected: { label: "Collected, awaiting reading", tone: "blue" },
};

const HOUR_MS = 3_600_000;
const when = new Intl.DateTimeFormat("en-GB", { weekday: "short", hour: "2-digit", minute: "2-digit" });
const rate = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1, signDisplay: "always" });

/** "3 h 20 min", "2 days 4 h": a duration as a crew planner reads it. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} days ${hours % 24} h`;
}

export function statusOf(a: BinAssessment): { label: string; tone: BadgeTone } {
  switch (a.status) {
    case "over":
      return { label: `Over threshold for ${formatDuration(a.overForMs ?? 0)}`, tone: "red" };
    case "due":
      // Predicted from a reading some hours old: the moment may have passed already.
      return { label: a.fullBy!.getTime() <= Date.now() ? "Probably full by now" : `Full by ${when.format(a.fullBy!)}`, tone: "amber" };
    case "collected":
      return { label: "Collected, awaiting reading", tone: "blue" };
    default:
      return { label: "OK", tone: "green" };
  }
}

export const formatRate = (perHour: number | null) => (perHour === null ? "—" : `${rate.format(perHour)} %/h`);
export const formatFullBy = (fullBy: Date | null, now = Date.now()) => (fullBy === null ? "—" : fullBy.getTime() <= now ? "By now" : when.format(fullBy));
export const hoursSince = (date: Date, now = Date.now()) => Math.floor((now - date.getTime()) / HOUR_MS);
