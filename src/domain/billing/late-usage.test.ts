import { describe, expect, it } from "vitest";
import { parsePeriodKey } from "./billing-period";
import { billedSoFar, lateUsageCharge, lateUsageSettlement } from "./late-usage";
import { ratePeriod } from "./rate-period";
import { reconcileRatings } from "./reconcile";
import { device, planVersion } from "./testing/fixtures";

const november = parsePeriodKey("2026-11");
const december = parsePeriodKey("2026-12");
// £5.00 per active device, 1,000 credits each (pooled), 7 p per 1,000 credits above, 20 % VAT.
const plan = planVersion();

/** The invoice as issued, and the same month re-rated once the late uplinks are in the rollups. */
function invoicedThenLate(onTime: Parameters<typeof device>[1][], late: Parameters<typeof device>[1][]) {
  const issued = ratePeriod({ period: november, planVersions: [plan], devices: onTime.map((u, i) => device(String(i + 1), u)) });
  const rerated = ratePeriod({ period: november, planVersions: [plan], devices: late.map((u, i) => device(String(i + 1), u)) });
  return { issued, rerated };
}

describe("late usage: what a closed month's late uplinks add, priced as that month was", () => {
  it("bills only what the month would have cost more, so the pooled allowance is used up first", () => {
    // 1 device, 900 credits billed: £5.00. 300 more arrive late → 1,200 credits, 200 over → 1.4 p → 1 p.
    const { issued, rerated } = invoicedThenLate([{ uplinks: 900 }], [{ uplinks: 1200 }]);
    const charge = lateUsageCharge(rerated, billedSoFar(issued, []), "LR-2026-000012")!;
    expect(charge).toMatchObject({ usagePeriodKey: "2026-11", credits: 300, uplinks: 300, amountPence: 1, invoiceNumber: "LR-2026-000012" });
    expect(charge.description).toBe("Late usage for November 2026: 300 credits (300 uplinks) reported after invoice LR-2026-000012, at that month's prices");
  });

  it("a device first heard through late uplinks pays its monthly fee for that month", () => {
    const { issued, rerated } = invoicedThenLate([{ uplinks: 10 }], [{ uplinks: 10 }, { uplinks: 5 }]);
    expect(lateUsageCharge(rerated, billedSoFar(issued, []), "LR-1")).toMatchObject({ credits: 5, uplinks: 5, amountPence: 500 });
  });

  it("late usage within the allowance is recorded at £0.00, so reconciliation can show it settled", () => {
    const { issued, rerated } = invoicedThenLate([{ uplinks: 100 }], [{ uplinks: 150 }]);
    expect(lateUsageCharge(rerated, billedSoFar(issued, []), "LR-1")).toMatchObject({ credits: 50, amountPence: 0 });
  });

  it("fills a minimum-charge top-up before it costs anything more", () => {
    const minimum = planVersion({ minimumMonthlyChargePence: 1000 });
    const issued = ratePeriod({ period: november, planVersions: [minimum], devices: [device("1", { uplinks: 10 })] });
    const rerated = ratePeriod({ period: november, planVersions: [minimum], devices: [device("1", { uplinks: 10 }), device("2", { uplinks: 1 })] });
    // Billed £5 + £5 top-up = £10. With the late device: £10 in fees, no top-up: still £10.
    expect(lateUsageCharge(rerated, billedSoFar(issued, []), "LR-1")).toMatchObject({ credits: 1, amountPence: 0 });
  });

  it("what earlier late-usage lines already carried is not billed again; only what came since", () => {
    const { issued, rerated } = invoicedThenLate([{ uplinks: 900 }], [{ uplinks: 3000 }]);
    const first = { usagePeriodKey: "2026-11", credits: 1100, uplinks: 1100, amountPence: 7 };
    expect(lateUsageCharge(rerated, billedSoFar(issued, [first]), "LR-1")).toMatchObject({ credits: 1000, uplinks: 1000, amountPence: 7 });
  });

  it("nothing new since the invoice (or since the last late line): no charge", () => {
    const { issued, rerated } = invoicedThenLate([{ uplinks: 900 }], [{ uplinks: 900 }]);
    expect(lateUsageCharge(rerated, billedSoFar(issued, []), "LR-1")).toBeNull();
    const later = invoicedThenLate([{ uplinks: 900 }], [{ uplinks: 1000 }]);
    expect(lateUsageCharge(later.rerated, billedSoFar(later.issued, [{ usagePeriodKey: "2026-11", credits: 100, uplinks: 100, amountPence: 0 }]), "LR-1")).toBeNull();
  });

  it("the invoice's own late-usage lines for earlier months are not part of the month's own charges", () => {
    const { issued, rerated } = invoicedThenLate([{ uplinks: 900 }], [{ uplinks: 1200 }]);
    const withEarlierLate = { ...issued, lines: [...issued.lines, { code: "late_usage" as const, description: "Late usage for October 2026", quantity: 1, unitAmountPence: 250, unitSize: 1 as const, amountPence: 250, usagePeriod: "2026-10" }] };
    expect(lateUsageCharge(rerated, billedSoFar(withEarlierLate, []), "LR-1")).toMatchObject({ amountPence: 1 });
  });
});

describe("late usage lines on the next invoice", () => {
  it("are added after the month's own minimum-charge top-up, taxed with the rest, and charged nothing on internal plans", () => {
    const late = [{ usagePeriodKey: "2026-11", credits: 300, uplinks: 300, amountPence: 120, description: "Late usage for November 2026: 300 credits" }];
    const rated = ratePeriod({ period: december, planVersions: [planVersion({ minimumMonthlyChargePence: 1000 })], devices: [device("1", { uplinks: 10 })], lateUsage: late });
    expect(rated.lines.map((l) => [l.code, l.amountPence, l.usagePeriod ?? null])).toEqual([["device_fee", 500, null], ["minimum_charge_top_up", 500, null], ["late_usage", 120, "2026-11"]]);
    expect({ subtotal: rated.subtotalPence, vat: rated.vatPence, total: rated.totalPence }).toEqual({ subtotal: 1120, vat: 224, total: 1344 });
    const internal = ratePeriod({ period: december, planVersions: [planVersion({ kind: "internal" })], devices: [device("1", { uplinks: 10 })], lateUsage: late });
    expect({ total: internal.totalPence, notional: internal.notionalTotalPence }).toEqual({ total: 0, notional: 744 });
  });

  it("reconcile one line per late month, and a month with late usage fully carried reads as settled", () => {
    const late = [
      { usagePeriodKey: "2026-10", credits: 5, uplinks: 5, amountPence: 0, description: "Late usage for October 2026" },
      { usagePeriodKey: "2026-11", credits: 300, uplinks: 300, amountPence: 120, description: "Late usage for November 2026" },
    ];
    const december1 = ratePeriod({ period: december, planVersions: [plan], devices: [device("1", { uplinks: 10 })], lateUsage: late });
    expect(reconcileRatings(december1, december1).matches).toBe(true);

    const { issued, rerated } = invoicedThenLate([{ uplinks: 900 }], [{ uplinks: 1200 }]);
    const comparison = reconcileRatings(issued, rerated);
    expect(comparison.matches).toBe(false);
    const settledOn = [{ usagePeriodKey: "2026-11", credits: 300, uplinks: 300, amountPence: 1, invoiceNumber: "LR-2026-000020" }];
    expect(lateUsageSettlement(issued, rerated, settledOn)).toEqual({ status: "settled", invoiceNumbers: ["LR-2026-000020"], outstandingCredits: 0 });
    expect(lateUsageSettlement(issued, rerated, [])).toEqual({ status: "outstanding", invoiceNumbers: [], outstandingCredits: 300 });
    const partly = [{ ...settledOn[0]!, credits: 200, uplinks: 200 }];
    expect(lateUsageSettlement(issued, rerated, partly)).toEqual({ status: "outstanding", invoiceNumbers: ["LR-2026-000020"], outstandingCredits: 100 });
  });
});
