import { describe, expect, it } from "vitest";
import { agedDebt, ageBandOf, daysOverdue } from "./aged-debt";

const now = new Date("2026-12-06T12:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

describe("aged debt", () => {
  it("bands an invoice by whole days past its due time", () => {
    expect(ageBandOf(new Date("2026-12-06T12:00:01Z"), now)).toBe("Not yet due");
    expect(ageBandOf(new Date("2026-12-06T11:00:00Z"), now)).toBe("1–30 days");
    expect(daysOverdue(new Date("2026-12-06T11:00:00Z"), now)).toBe(0);
    expect([30, 31, 60, 61, 90, 91].map((d) => ageBandOf(daysAgo(d), now))).toEqual(["1–30 days", "31–60 days", "31–60 days", "61–90 days", "61–90 days", "Over 90 days"]);
  });

  it("totals every band, overdue and all, keeping empty bands", () => {
    const summary = agedDebt([{ totalPence: 1000, dueAt: daysAgo(-3) }, { totalPence: 250, dueAt: daysAgo(5) }, { totalPence: 400, dueAt: daysAgo(100) }], now);
    expect(summary).toMatchObject({ count: 3, pence: 1650, overdueCount: 2, overduePence: 650 });
    expect(summary.bands.map((b) => [b.label, b.count, b.pence])).toEqual([
      ["Not yet due", 1, 1000], ["1–30 days", 1, 250], ["31–60 days", 0, 0], ["61–90 days", 0, 0], ["Over 90 days", 1, 400],
    ]);
  });
});
