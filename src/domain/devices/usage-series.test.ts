import { describe, expect, it } from "vitest";
import { hourlySeries, usageWindowStart } from "./usage-series";

const now = new Date("2025-03-10T12:34:56Z");
const at = (iso: string, uplinks: number) => ({ hour: new Date(iso), uplinks, downlinks: 0, joins: 0, credits: uplinks * 2 });

describe("hourlySeries", () => {
  it("has one point per hour, ending with the current hour, zeros where nothing was heard", () => {
    const { points, totals } = hourlySeries(now, "24h", [at("2025-03-10T12:00:00Z", 3), at("2025-03-09T13:00:00Z", 1)]);
    expect(points).toHaveLength(24);
    expect(points[0]!.hour.toISOString()).toBe("2025-03-09T13:00:00.000Z");
    expect(points[23]!.hour.toISOString()).toBe("2025-03-10T12:00:00.000Z");
    expect(points.map((p) => p.uplinks).filter(Boolean)).toEqual([1, 3]);
    expect(totals).toEqual({ uplinks: 4, downlinks: 0, joins: 0, credits: 8 });
  });

  it("adds rows for the same hour (several devices) and ignores rows outside the window", () => {
    const { points, totals } = hourlySeries(now, "7d", [at("2025-03-10T11:00:00Z", 2), at("2025-03-10T11:00:00Z", 5), at("2025-03-01T00:00:00Z", 9)]);
    expect(points).toHaveLength(168);
    expect(points[166]!.uplinks).toBe(7);
    expect(totals.uplinks).toBe(7);
    expect(usageWindowStart(now, "7d").toISOString()).toBe("2025-03-03T13:00:00.000Z");
  });
});
