import { describe, expect, it } from "vitest";
import { budgetThresholdsCrossed } from "./budget";

describe("budgetThresholdsCrossed (50 / 80 / 100 %, each once per period)", () => {
  it.each([
    // [cap, spend, already alerted, newly crossed]
    [10_000, 4_999, [], []], // 49.99 %
    [10_000, 5_000, [], [50]], // exactly 50 %
    [10_000, 7_999, [50], []],
    [10_000, 8_000, [], [50, 80]], // a jump past two thresholds alerts both
    [10_000, 8_000, [50], [80]],
    [10_000, 12_000, [50, 80], [100]], // over the cap
    [10_000, 12_000, [50, 80, 100], []], // each threshold alerts once
    [10_000, 10_000, [100], [50, 80]], // missed alerts still go out (e.g. cap lowered mid-period)
    [10_001, 5_000, [], []], // 5,000 × 100 = 500,000 < 10,001 × 50 = 500,050
    [10_001, 5_001, [], [50]], // 500,100 ≥ 500,050
    [3, 2, [], [50]], // 200 ≥ 150, but 200 < 240 (80 %)
    [3, 3, [], [50, 80, 100]],
    [10_000, -500, [], []], // a credit balance crosses nothing
    [null, 1_000_000, [], []], // no budget set
    [0, 1_000_000, [], []], // 0 means no budget
  ] as const)("cap %s, spend %s, alerted %j → %j", (capPence, currentSpendPence, alreadyAlerted, expected) => {
    expect(budgetThresholdsCrossed({ capPence, currentSpendPence, alreadyAlerted })).toEqual(expected);
  });

  it.each([
    [-1, 0, /capPence must be a whole number of pence, 0 or more/],
    [100.5, 0, /capPence must be a whole number/],
    [100, 1.5, /currentSpendPence must be a whole number/],
  ])("rejects cap %s / spend %s", (capPence, currentSpendPence, message) => {
    expect(() => budgetThresholdsCrossed({ capPence, currentSpendPence, alreadyAlerted: [] })).toThrow(message);
  });
});
