import { describe, expect, it } from "vitest";
import { estimateToDate } from "./estimate";
import { device, planVersion } from "./testing/fixtures";

// Base plan: £5.00/device, 1,000 credits/device pooled, 7p per 1,000 over, VAT 20 %.
describe("estimateToDate", () => {
  it.each([
    {
      name: "half-way through November (360 of 720 hours)",
      now: "2026-11-16T00:00:00Z",
      credits: 1000,
      // to date: 500 fee, 1,000 credits = allowance → 0 overage; VAT 100 → 600.
      // projection ×2: 2,000 credits → 1,000 over × 7 / 1,000 = 7p → 507; VAT 101.4 → 101 → 608.
      elapsedHours: 360,
      total: 600,
      projected: 608,
    },
    {
      name: "mid-hour: the current hour counts as elapsed",
      now: "2026-11-16T00:30:00Z",
      credits: 1000,
      // elapsed ceil(360.5) = 361; projected credits 1,000 × 720 / 361 = 1,994.46 → 1,994;
      // overage 994 × 7 / 1,000 = 6.958 → 7p → 507; VAT 101 → 608. To date 600.
      elapsedHours: 361,
      total: 600,
      projected: 608,
    },
    {
      name: "first instant of the period: at least one hour elapsed",
      now: "2026-11-01T00:00:00Z",
      credits: 0,
      // no uplinks yet: nothing to date, nothing projected.
      elapsedHours: 1,
      total: 0,
      projected: 0,
    },
    {
      name: "last hour of December (744 hours): projection equals to-date",
      now: "2026-12-31T23:59:59Z",
      credits: 2501,
      // 500 + round(1,501 × 7 / 1,000 = 10.507) 11 = 511; VAT 102 → 613 both ways.
      elapsedHours: 744,
      total: 613,
      projected: 613,
    },
  ])("$name", ({ now, credits, elapsedHours, total, projected }) => {
    const estimate = estimateToDate({
      now: new Date(now),
      planVersions: [planVersion()],
      devices: credits > 0 ? [device("1", { credits })] : [],
    });
    expect([estimate.elapsedHours, estimate.totalPence, estimate.projectedTotalPence]).toEqual([elapsedHours, total, projected]);
    expect(estimate.asOf.toISOString()).toBe(new Date(now).toISOString());
  });

  it("uses the plan version in effect for the current period", () => {
    const v2 = planVersion({ version: 2, effectiveFrom: new Date("2026-12-01T00:00:00Z"), deviceMonthlyFeePence: 600 });
    const estimate = estimateToDate({ now: new Date("2026-12-05T12:00:00Z"), planVersions: [planVersion(), v2], devices: [device("1", { credits: 10 })] });
    // 600 fee; VAT 120 → 720.
    expect([estimate.periodKey, estimate.planVersion.version, estimate.totalPence]).toEqual(["2026-12", 2, 720]);
  });

  it("internal plan: charged 0, projected notional", () => {
    const estimate = estimateToDate({
      now: new Date("2026-11-16T00:00:00Z"),
      planVersions: [planVersion({ kind: "internal" })],
      devices: [device("1", { credits: 1000 })],
    });
    // same arithmetic as the half-way case: notional 600 to date, 608 projected.
    expect([estimate.totalPence, estimate.notionalTotalPence, estimate.projectedTotalPence, estimate.projectedNotionalTotalPence]).toEqual([0, 600, 0, 608]);
  });
});
