import { describe, expect, it } from "vitest";
import { describeFillTrend, fillTrend } from "./fill-trend";

const now = new Date("2026-11-20T14:35:00Z");
const hour = (iso: string, ...fills: number[]) => ({ hour: new Date(iso), readings: fills.length, sum: fills.reduce((a, b) => a + b, 0), min: Math.min(...fills), max: Math.max(...fills) });

describe("a bin's fill trend", () => {
  it("is two days of two-hour points from the hourly rollup, in whole percents, with nulls where nothing was read", () => {
    const trend = fillTrend(now, [hour("2026-11-20T14:00:00Z", 61, 62), hour("2026-11-20T13:00:00Z", 59), hour("2026-11-20T09:00:00Z", 40), hour("2026-11-18T10:00:00Z", 99)]);
    expect(trend).toHaveLength(24);
    // The last point is 14:00–16:00 (holding the hour now filling); then 12:00–14:00, 10:00–12:00, 08:00–10:00.
    expect(trend.slice(-4)).toEqual([40, null, 59, 62]);
    expect(trend.filter((v) => v !== null)).toHaveLength(3);
  });

  it("is put in words: where it started and ended, and how often the bin was emptied", () => {
    expect(describeFillTrend([null, null])).toBe("Fill over the last 48 hours: no readings.");
    expect(describeFillTrend([null, 35, null])).toBe("Fill over the last 48 hours: one reading, 35 %.");
    expect(describeFillTrend([20, null, 45, 70])).toBe("Fill over the last 48 hours: from 20 % to 70 %.");
    expect(describeFillTrend([60, 90, 3, 40, 85, 5, 12])).toBe("Fill over the last 48 hours: from 60 % to 12 %, emptied 2 times.");
    expect(describeFillTrend([80, 4, 30])).toBe("Fill over the last 48 hours: from 80 % to 30 %, emptied once.");
  });
});
