import { describe, expect, it } from "vitest";
import { lineThroughReadings, readingSeries, readingWindowStart } from "./reading-series";

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

describe("lineThroughReadings", () => {
  it("crosses the empty hours between a sensor's usual readings, straight from one to the next", () => {
    // Every 2–3 hours, as a bin sensor reports.
    const averages = [10, null, 14, null, null, 20, null, 24];
    expect(lineThroughReadings(averages)).toEqual([10, 12, 14, 16, 18, 20, 22, 24]);
  });

  it("leaves a gap where the device was silent for longer than usual", () => {
    // Hourly readings, then silence for most of a day, then hourly again.
    const averages = [5, 6, 7, null, 8, ...Array<null>(10).fill(null), 30, 31];
    const line = lineThroughReadings(averages);
    expect(line.slice(0, 5)).toEqual([5, 6, 7, 7.5, 8]);
    expect(line.slice(5, 15).every((v) => v === null)).toBe(true);
    expect(line.slice(15)).toEqual([30, 31]);
  });

  it("draws nothing where nothing was read, and a lone reading as it is", () => {
    expect(lineThroughReadings([null, null])).toEqual([null, null]);
    expect(lineThroughReadings([null, 4, null])).toEqual([null, 4, null]);
  });
});
