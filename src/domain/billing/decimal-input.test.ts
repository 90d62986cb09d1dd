import { describe, expect, it } from "vitest";
import { basisPointsToPercent, parsePercentToBasisPoints, parsePoundsToPence, penceToPoundsInput } from "./decimal-input";

describe("parsePoundsToPence", () => {
  it.each([
    ["5", 500], ["5.0", 500], ["5.00", 500], ["0.29", 29], ["0.1", 10], ["£12.34", 1234], [" 1,234.56 ", 123456], ["0", 0], ["19.99", 1999], ["5.", 500],
  ])("%s → %d pence exactly", (text, pence) => {
    expect(parsePoundsToPence(text)).toEqual({ ok: true, value: pence });
  });

  it("never picks up float errors (0.07, 1.13, 4.35 … 999999.99)", () => {
    for (const [text, pence] of [["0.07", 7], ["1.13", 113], ["4.35", 435], ["999999.99", 99_999_999]] as const) expect(parsePoundsToPence(text)).toEqual({ ok: true, value: pence });
  });

  it("refuses more than two decimals with a clear message", () => {
    const result = parsePoundsToPence("5.005", "the device fee");
    expect(result).toEqual({ ok: false, error: "Use at most 2 decimal places for the device fee, e.g. 5.00." });
  });

  it.each(["", "abc", "-1", "1.2.3", "1,23", "5e2", ".5"])("refuses %j", (text) => {
    expect(parsePoundsToPence(text).ok).toBe(false);
  });

  it("refuses amounts above the maximum", () => {
    expect(parsePoundsToPence("1000000.01")).toEqual({ ok: false, error: "An amount is at most £1,000,000.00." });
  });
});

describe("percentages", () => {
  it.each([["20", 2000], ["17.5", 1750], ["0", 0], ["100", 10_000], ["12.34%", 1234]])("%s → %d bp", (text, bp) => {
    expect(parsePercentToBasisPoints(text)).toEqual({ ok: true, value: bp });
  });
  it("refuses over 100% and three decimals", () => {
    expect(parsePercentToBasisPoints("100.01").ok).toBe(false);
    expect(parsePercentToBasisPoints("17.555").ok).toBe(false);
  });
  it("formats back without float artefacts", () => {
    expect([2000, 1750, 1234, 5, 0].map(basisPointsToPercent)).toEqual(["20", "17.5", "12.34", "0.05", "0"]);
    expect([500, 29, 0, 123456].map(penceToPoundsInput)).toEqual(["5.00", "0.29", "0.00", "1234.56"]);
  });
});
