import { describe, expect, it } from "vitest";
import { applyFillReading, applyFillReadings, fillPercentOf, fillRatePerHour, markCollected, predictedFullAt, type FillReading } from "./fill-level";

const T0 = Date.UTC(2026, 10, 2, 6, 0, 0);
const at = (hours: number) => new Date(T0 + hours * 3_600_000);
const reading = (hours: number, fillPercent: number): FillReading => ({ at: at(hours), fillPercent });
/** A bin filling 2 points an hour from 10 %, read hourly for `hours` hours. */
const steady = (hours: number) => Array.from({ length: hours + 1 }, (_, h) => reading(h, 10 + 2 * h));

describe("fill prediction", () => {
  it("measures the fill rate of the cycle and predicts full from the latest reading", () => {
    const cycle = applyFillReadings(null, steady(10), 80)!;
    expect(cycle.fillPercent).toBe(30);
    expect(fillRatePerHour(cycle)).toBeCloseTo(2, 6);
    // 70 points to go at 2 an hour: 35 hours after the reading at hour 10.
    expect(predictedFullAt(cycle)).toEqual(at(45));
  });

  it("gives the same line whatever order the readings arrive in", () => {
    const inOrder = applyFillReadings(null, steady(12), 80)!;
    const oneByOne = [...steady(12)].reverse().reduce((cycle, r) => applyFillReading(cycle, r, 80), applyFillReading(null, steady(12)[12]!, 80));
    expect(oneByOne.fillPercent).toBe(34);
    expect(oneByOne.cycleStartedAt).toEqual(at(0));
    expect(fillRatePerHour(oneByOne)).toBeCloseTo(2, 6);
    expect(predictedFullAt(oneByOne)!.getTime()).toBeCloseTo(predictedFullAt(inOrder)!.getTime(), -2);
    const late = applyFillReadings(applyFillReadings(null, steady(12).slice(4), 80), steady(12).slice(0, 4), 80)!;
    expect(fillRatePerHour(late)).toBeCloseTo(2, 6);
    expect(late.readings).toBe(13);
  });

  it("treats a late reading far above the cycle's first as from before an emptying, as in order", () => {
    const emptied = applyFillReadings(null, [reading(0, 85), reading(2, 5), reading(3, 7)], 80)!;
    const outOfOrder = applyFillReadings(applyFillReadings(null, [reading(2, 5), reading(3, 7)], 80), [reading(0, 85)], 80)!;
    expect(outOfOrder).toEqual(emptied);
    expect(emptied).toMatchObject({ cycleStartedAt: at(2), readings: 2 });
  });

  it("predicts nothing from a single reading, readings at one moment, or a bin that is not filling", () => {
    expect(predictedFullAt(applyFillReadings(null, [reading(0, 40)], 80)!)).toBeNull();
    expect(fillRatePerHour(applyFillReadings(null, [reading(0, 40), reading(0.01, 41)], 80)!)).toBeNull();
    expect(predictedFullAt(applyFillReadings(null, [reading(0, 40), reading(5, 40), reading(10, 40)], 80)!)).toBeNull();
  });

  it("says a bin at 100 % is full since its reading", () => {
    const cycle = applyFillReadings(null, [reading(0, 90), reading(2, 100)], 80)!;
    expect(predictedFullAt(cycle)).toEqual(at(2));
  });

  it("reads fillPercent from decoded data, clamped", () => {
    expect(fillPercentOf({ fillPercent: 104 })).toBe(100);
    expect(fillPercentOf({ fillPercent: -3 })).toBe(0);
    expect(fillPercentOf({ fillPercent: "80" })).toBeNull();
    expect(fillPercentOf(null)).toBeNull();
  });
});

describe("fill cycles and the threshold", () => {
  it("records when the cycle first reached the threshold, also from a late reading", () => {
    const cycle = applyFillReadings(null, steady(40), 80)!; // 80 % at hour 35
    expect(cycle.overSince).toEqual(at(35));
    const lateFirst = applyFillReadings(applyFillReadings(null, [reading(0, 10), reading(40, 90)], 80), [reading(30, 82)], 80)!;
    expect(lateFirst.overSince).toEqual(at(30));
  });

  it("starts a new cycle when a newer reading is far below the latest (the bin was emptied)", () => {
    const full = applyFillReadings(null, steady(40), 80)!;
    const emptied = applyFillReading(full, reading(41, 3), 80);
    expect(emptied.cycleStartedAt).toEqual(at(41));
    expect(emptied.readings).toBe(1);
    expect(emptied.overSince).toBeNull();
    // A late reading from before the emptying is history: it changes nothing.
    expect(applyFillReading(emptied, reading(39.5, 89), 80)).toEqual(emptied);
  });

  it("treats a small dip (sensor noise) as part of the cycle", () => {
    const cycle = applyFillReadings(null, [reading(0, 60), reading(1, 62), reading(2, 55)], 80)!;
    expect(cycle.readings).toBe(3);
    expect(cycle.fillPercent).toBe(55);
  });

  it("marking collected starts a cycle with no readings; the next reading fills it, older ones are history", () => {
    const full = applyFillReadings(null, steady(40), 80)!;
    const collected = markCollected(full, at(40.5));
    expect(collected.collectedAt).toEqual(at(40.5));
    expect(predictedFullAt(collected)).toBeNull();
    expect(applyFillReading(collected, reading(40.2, 91), 80)).toEqual(collected);
    const next = applyFillReading(collected, reading(41, 4), 80);
    expect(next).toMatchObject({ collectedAt: null, fillPercent: 4, readings: 1, cycleStartedAt: at(40.5), overSince: null });
    // Nothing from before the collection joins the new cycle, however low.
    expect(applyFillReading(next, reading(40.4, 2), 80)).toEqual(next);
  });
});
