/**
 * Compares a billed result with an independently recomputed one and lists
 * every difference, per line and per total. Sign convention everywhere:
 * differencePence = recomputed − billed (positive = under-billed).
 */
import { periodKey } from "./billing-period";
import type { PeriodAmounts, RatedLine, RatedLineCode, RatedPeriod, UsageSummary } from "./rate-period";

/**
 * The parts of a rated period that reconciliation reads, so a stored invoice
 * can be compared without rebuilding a full RatedPeriod.
 */
export type ReconcilableRating = Pick<RatedPeriod, "period" | "lines" | "subtotalPence" | "vatPence" | "totalPence" | "notionalTotalPence"> & {
  planVersion?: Pick<RatedPeriod["planVersion"], "planId" | "version">;
  usage?: UsageSummary;
};

type LineSnapshot = Pick<RatedLine, "quantity" | "unitAmountPence" | "amountPence">;

export interface LineDifference {
  code: RatedLineCode;
  /** late_usage lines: the month they bill. */
  usagePeriod?: string;
  /** null when the line is missing on that side. */
  billed: LineSnapshot | null;
  recomputed: LineSnapshot | null;
  differencePence: number;
}

export type TotalField = keyof PeriodAmounts | "notionalTotalPence";

export interface ValueDifference<F extends string> {
  field: F;
  billed: number;
  recomputed: number;
  difference: number;
}

export interface Reconciliation {
  periodKey: string;
  matches: boolean;
  /** Set when the two sides were priced with different plan versions. */
  planVersion: { billed: string; recomputed: string } | null;
  lines: LineDifference[];
  totals: ValueDifference<TotalField>[];
  /** Only when both sides carry usage. */
  usage: ValueDifference<keyof UsageSummary>[];
}

const TOTAL_FIELDS: readonly TotalField[] = ["subtotalPence", "vatPence", "totalPence", "notionalTotalPence"];
const USAGE_FIELDS: readonly (keyof UsageSummary)[] = [
  "activeDevices",
  "uplinks",
  "credits",
  "payloadBytes",
  "allowanceCredits",
  "overageCredits",
];
const LINE_ORDER: readonly RatedLineCode[] = ["device_fee", "overage", "minimum_charge_top_up", "late_usage"];

/** A line's identity: its code, and for late usage also the month it bills (one line per late month). */
const lineKey = (l: Pick<RatedLine, "code" | "usagePeriod">) => (l.code === "late_usage" ? `late_usage:${l.usagePeriod ?? ""}` : l.code);

function linesByKey(lines: readonly RatedLine[], side: string): Map<string, RatedLine> {
  const map = new Map<string, RatedLine>();
  for (const l of lines) {
    const key = lineKey(l);
    if (map.has(key)) throw new RangeError(`The ${side} result has more than one "${key}" line`);
    map.set(key, l);
  }
  return map;
}

/** Keys of both sides in a stable order: by line code, late months in date order. */
function orderedKeys(...sides: Array<Map<string, RatedLine>>): Array<{ key: string; code: RatedLineCode; usagePeriod?: string }> {
  const all = new Map<string, RatedLine>();
  for (const side of sides) for (const [key, l] of side) all.set(key, l);
  return [...all.entries()]
    .map(([key, l]) => ({ key, code: l.code, ...(l.usagePeriod ? { usagePeriod: l.usagePeriod } : {}) }))
    .sort((a, b) => LINE_ORDER.indexOf(a.code) - LINE_ORDER.indexOf(b.code) || (a.usagePeriod ?? "").localeCompare(b.usagePeriod ?? ""));
}

const snapshot = (l: RatedLine | undefined): LineSnapshot | null =>
  l ? { quantity: l.quantity, unitAmountPence: l.unitAmountPence, amountPence: l.amountPence } : null;

function valueDifferences<F extends string>(
  fields: readonly F[],
  billed: Record<F, number>,
  recomputed: Record<F, number>,
): ValueDifference<F>[] {
  return fields
    .filter((f) => billed[f] !== recomputed[f])
    .map((f) => ({ field: f, billed: billed[f], recomputed: recomputed[f], difference: recomputed[f] - billed[f] }));
}

export function reconcileRatings(billed: ReconcilableRating, recomputed: ReconcilableRating): Reconciliation {
  const key = periodKey(billed.period);
  if (key !== periodKey(recomputed.period)) {
    throw new RangeError(`Cannot reconcile different periods: billed ${key}, recomputed ${periodKey(recomputed.period)}`);
  }
  const b = linesByKey(billed.lines, "billed");
  const r = linesByKey(recomputed.lines, "recomputed");
  const lines: LineDifference[] = [];
  for (const { key, code, usagePeriod } of orderedKeys(b, r)) {
    const bl = b.get(key);
    const rl = r.get(key);
    const same =
      bl && rl && bl.quantity === rl.quantity && bl.unitAmountPence === rl.unitAmountPence && bl.amountPence === rl.amountPence;
    if (same) continue;
    lines.push({
      code,
      ...(usagePeriod ? { usagePeriod } : {}),
      billed: snapshot(bl),
      recomputed: snapshot(rl),
      differencePence: (rl?.amountPence ?? 0) - (bl?.amountPence ?? 0),
    });
  }

  const versionLabel = (v: ReconcilableRating["planVersion"]) => (v ? `${v.planId} v${v.version}` : "unknown");
  const planVersion =
    billed.planVersion && recomputed.planVersion && versionLabel(billed.planVersion) !== versionLabel(recomputed.planVersion)
      ? { billed: versionLabel(billed.planVersion), recomputed: versionLabel(recomputed.planVersion) }
      : null;

  const totals = valueDifferences(TOTAL_FIELDS, billed, recomputed);
  const usage = billed.usage && recomputed.usage ? valueDifferences(USAGE_FIELDS, billed.usage, recomputed.usage) : [];

  return {
    periodKey: key,
    matches: lines.length === 0 && totals.length === 0 && usage.length === 0 && planVersion === null,
    planVersion,
    lines,
    totals,
    usage,
  };
}
