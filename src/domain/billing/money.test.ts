import { describe, expect, it } from "vitest";
import { formatGbp, roundHalfUp, vatOn } from "./money";

describe("roundHalfUp", () => {
  it.each([
    // [numerator, denominator, expected]  — exact quotient in the comment
    [5, 2, 3], // 2.5 → 3
    [7, 2, 4], // 3.5 → 4
    [-5, 2, -3], // -2.5 → -3 (halves away from zero)
    [5, -2, -3], // negative denominator, same rule
    [1, 3, 0], // 0.333
    [2, 3, 1], // 0.667
    [10_499, 1000, 10], // 10.499
    [10_500, 1000, 11], // 10.5
    [10_507, 1000, 11], // 10.507
    [0, 7, 0],
    [10n ** 16n + 5n, 10n, 10 ** 15 + 1], // bigint in, exact: 10^15 + 0.5 → 10^15 + 1 (a float would lose the half)
  ] as const)("%s / %s → %s", (n, d, expected) => {
    expect(roundHalfUp(n, d)).toBe(expected);
  });

  it.each([
    ["non-integer numerator", () => roundHalfUp(1.5, 2), /numerator must be a whole number/],
    ["zero denominator", () => roundHalfUp(1, 0), /denominator must not be 0/],
    ["result too large", () => roundHalfUp(10n ** 20n, 1), /too large/],
  ])("rejects %s", (_label, call, message) => {
    expect(call).toThrow(message);
  });
});

describe("vatOn (half-up to the penny)", () => {
  it.each([
    // [net pence, rate bp, expected VAT pence]
    [1234, 2000, 247], // 1234 × 0.20 = 246.8 → 247
    [2, 2000, 0], // 0.4 → 0
    [3, 2000, 1], // 0.6 → 1
    [25, 2000, 5], // 5.0 exactly
    [1, 5000, 1], // 1 × 0.50 = 0.5 → 1 (half rounds up)
    [1, 50, 0], // 1 × 0.005 = 0.005 → 0
    [100, 50, 1], // 100 × 0.005 = 0.5 → 1
    [99, 50, 0], // 0.495 → 0
    [0, 2000, 0],
    [1234, 0, 0], // zero-rated
    [1513, 2000, 303], // 302.6 → 303
  ])("net %sp at %sbp → %sp", (net, bp, expected) => {
    expect(vatOn(net, bp)).toBe(expected);
  });

  it.each([
    [100, -1, /vatRateBasisPoints must be a whole number from 0 to 10000/],
    [100, 10_001, /from 0 to 10000/],
    [100, 20.5, /from 0 to 10000/],
    [1.5, 2000, /netPence must be a whole number of pence/],
  ])("rejects net %s at %s bp", (net, bp, message) => {
    expect(() => vatOn(net, bp)).toThrow(message);
  });
});

describe("formatGbp", () => {
  it.each([
    [0, "£0.00"],
    [5, "£0.05"],
    [99, "£0.99"],
    [100, "£1.00"],
    [123_456, "£1,234.56"],
    [100_000_000, "£1,000,000.00"],
    [-5, "-£0.05"],
    [-123_456, "-£1,234.56"],
  ])("%s pence → %s", (pence, expected) => {
    expect(formatGbp(pence)).toBe(expected);
  });

  it("rejects fractional pence", () => {
    expect(() => formatGbp(1.5)).toThrow(/whole number of pence/);
  });
});
