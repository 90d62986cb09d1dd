import { describe, expect, it } from "vitest";
import { readingSeries, readingWindowStart } from "./reading-series";

const now = new Date("2026-11-20T14:35:00Z");
const hour = (iso: string, readings: number, sum: number, min: number, max: number) => ({ hour: new Date(iso), readings, sum, min, max });

describe("readingSeries", () => {
  it("gives one point per hour over 24 h, with gaps where nothing was read", () => {
    const points = readingSeries(now, "24h", [hour("2026-11-20T14:00:00Z", 2, 30, 10, 20), hour("2026-11-20T12:00:00Z", 1, 7, 7, 7), hour("2026-11-18T12:00:00Z", 1, 99, 99, 99)]);
    expect(points).toHaveLength(24);
    expect(points[0]!.at).toEqual(new Date("2026-11-19T15:00:00Z"));
    expect(points.at(-1)).toEqual({ at: new Date("2026-11-20T14:00:00Z"), average: 15, min: 10, max: 20, readings: 2 });
    expect(points.at(-2)).toEqual({ at: new Date("2026-11-20T13:00:00Z"), average: null, min: null, max: null, readings: 0 });
    expect(points.filter((p) => p.readings > 0)).toHaveLength(2);
  });

  it("merges hours into six-hour points over 30 days", () => {
    expect(readingWindowStart(now, "30d")).toEqual(new Date("2026-10-21T18:00:00Z"));
    const points = readingSeries(now, "30d", [hour("2026-11-20T12:00:00Z", 1, 10, 10, 10), hour("2026-11-20T14:00:00Z", 3, 60, 5, 40)]);
    expect(points).toHaveLength(120);
    expect(points.at(-1)).toEqual({ at: new Date("2026-11-20T12:00:00Z"), average: 17.5, min: 5, max: 40, readings: 4 });
  });
});
