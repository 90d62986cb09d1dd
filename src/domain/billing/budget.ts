/**
 * A tenant's monthly spending cap with alerts at 50 %, 80 % and 100 %.
 * Each threshold alerts at most once per billing period: the caller stores
 * the thresholds already alerted for the period and passes them back.
 */

export const BUDGET_ALERT_THRESHOLDS = [50, 80, 100] as const;
export type BudgetThreshold = (typeof BUDGET_ALERT_THRESHOLDS)[number];

export interface BudgetCheckInput {
  /** Monthly cap in pence; null or 0 = no budget set. */
  capPence: number | null;
  /** Spend so far this period in pence (e.g. an estimate-to-date total). */
  currentSpendPence: number;
  /** Thresholds already alerted this period. */
  alreadyAlerted: readonly number[];
}

/**
 * Thresholds reached (spend >= threshold % of cap) and not yet alerted, in
 * ascending order. Decision: the previous spend is not needed — anything
 * reached but not yet alerted is due, so a missed run or a lowered cap still
 * alerts, and `alreadyAlerted` prevents repeats.
 */
export function budgetThresholdsCrossed({ capPence, currentSpendPence, alreadyAlerted }: BudgetCheckInput): BudgetThreshold[] {
  if (capPence === null || capPence === 0) return [];
  if (!Number.isSafeInteger(capPence) || capPence < 0) {
    throw new RangeError(`capPence must be a whole number of pence, 0 or more, got ${capPence}`);
  }
  if (!Number.isSafeInteger(currentSpendPence)) {
    throw new RangeError(`currentSpendPence must be a whole number of pence, got ${currentSpendPence}`);
  }
  // spend / cap >= t / 100, in integers
  return BUDGET_ALERT_THRESHOLDS.filter(
    (t) => currentSpendPence * 100 >= capPence * t && !alreadyAlerted.includes(t),
  );
}
