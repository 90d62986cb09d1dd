import { describe, expect, it } from "vitest";
import { parsePeriodKey } from "./billing-period";
import { ratePeriod } from "./rate-period";
import { reconcileRatings } from "./reconcile";
import { device, planVersion } from "./testing/fixtures";

const nov = parsePeriodKey("2026-11");
const rate = (credits: number, overrides = {}) =>
  ratePeriod({ period: nov, planVersions: [planVersion(overrides)], devices: [device("1", { credits })] });

describe("reconcileRatings (difference = recomputed − billed)", () => {
  it("identical results match", () => {
    expect(reconcileRatings(rate(2501), rate(2501))).toEqual({
      periodKey: "2026-11",
      matches: true,
      planVersion: null,
      lines: [],
      totals: [],
      usage: [],
    });
  });

  it("a late uplink found on recomputation: overage line, totals and usage differ by what it added", () => {
    // billed: 2,499 credits → overage 1,499 → 10.493 → 10p; subtotal 510; VAT 102; total 612.
    // recomputed: 2,500 credits → overage 1,500 → 10.5 → 11p; subtotal 511; VAT 102.2 → 102; total 613.
    const result = reconcileRatings(rate(2499), rate(2500));
    expect(result.matches).toBe(false);
    expect(result.lines).toEqual([
      {
        code: "overage",
        billed: { quantity: 1499, unitAmountPence: 7, amountPence: 10 },
        recomputed: { quantity: 1500, unitAmountPence: 7, amountPence: 11 },
        differencePence: 1,
      },
    ]);
    expect(result.totals).toEqual([
      { field: "subtotalPence", billed: 510, recomputed: 511, difference: 1 },
      { field: "totalPence", billed: 612, recomputed: 613, difference: 1 },
      { field: "notionalTotalPence", billed: 612, recomputed: 613, difference: 1 },
    ]);
    // The fixture's uplinks are 12 bytes and 1 credit each, so one late uplink adds 1 / 12 / 1.
    expect(result.usage).toEqual([
      { field: "uplinks", billed: 2499, recomputed: 2500, difference: 1 },
      { field: "credits", billed: 2499, recomputed: 2500, difference: 1 },
      { field: "payloadBytes", billed: 29_988, recomputed: 30_000, difference: 12 },
      { field: "overageCredits", billed: 1499, recomputed: 1500, difference: 1 },
    ]);
  });

  it.each([
    // billed has an overage line the recomputation does not (over-billed by 11p):
    // billed 2,501 credits → 11p overage, total 613; recomputed 1,000 credits → total 600.
    [2501, 1000, { code: "overage", billed: { quantity: 1501, unitAmountPence: 7, amountPence: 11 }, recomputed: null, differencePence: -11 }, -13],
    // the reverse: missing on the billed side (under-billed by 11p); totals 600 vs 613.
    [1000, 2501, { code: "overage", billed: null, recomputed: { quantity: 1501, unitAmountPence: 7, amountPence: 11 }, differencePence: 11 }, 13],
  ] as const)("billed %s credits vs recomputed %s: a line present on one side only", (billedCredits, recomputedCredits, lineDiff, totalDiff) => {
    const result = reconcileRatings(rate(billedCredits), rate(recomputedCredits));
    expect(result.lines).toEqual([lineDiff]);
    expect(result.totals.find((t) => t.field === "totalPence")?.difference).toBe(totalDiff);
  });

  it("a billed invoice priced with the wrong plan version", () => {
    // billed v1 at £5.00 → 500 + VAT 100 = 600; recomputed v2 at £6.00 → 600 + VAT 120 = 720.
    const result = reconcileRatings(rate(10), rate(10, { version: 2, deviceMonthlyFeePence: 600 }));
    expect(result.planVersion).toEqual({ billed: "business v1", recomputed: "business v2" });
    expect(result.lines).toEqual([
      {
        code: "device_fee",
        billed: { quantity: 1, unitAmountPence: 500, amountPence: 500 },
        recomputed: { quantity: 1, unitAmountPence: 600, amountPence: 600 },
        differencePence: 100,
      },
    ]);
    expect(result.totals.map((t) => [t.field, t.difference])).toEqual([
      ["subtotalPence", 100],
      ["vatPence", 20],
      ["totalPence", 120],
      ["notionalTotalPence", 120],
    ]);
  });

  it("accepts a stored invoice without usage or plan details", () => {
    const stored = rate(2501);
    const billed = {
      period: stored.period,
      lines: stored.lines,
      subtotalPence: stored.subtotalPence,
      vatPence: stored.vatPence,
      totalPence: stored.totalPence,
      notionalTotalPence: stored.notionalTotalPence,
    };
    expect(reconcileRatings(billed, rate(2501)).matches).toBe(true);
  });

  it("refuses to compare different periods", () => {
    const dec = ratePeriod({ period: parsePeriodKey("2026-12"), planVersions: [planVersion()], devices: [] });
    expect(() => reconcileRatings(rate(1), dec)).toThrow("Cannot reconcile different periods: billed 2026-11, recomputed 2026-12");
  });
});
