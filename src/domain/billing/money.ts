/**
 * Integer money helpers. All amounts are integer pence; no floats are used
 * for money anywhere in the billing domain.
 */

export type Pence = number;

function toBigInt(value: bigint | number, label: string): bigint {
  if (typeof value === "bigint") return value;
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${label} must be a whole number (safe integer), got ${value}`);
  }
  return BigInt(value);
}

function toSafeNumber(value: bigint, label: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`${label} is too large to represent exactly: ${value}`);
  }
  return n;
}

/**
 * numerator / denominator rounded to the nearest integer, halves rounded away
 * from zero ("half-up" as used for money: 0.5 → 1, -0.5 → -1).
 * Exact for any integer inputs (uses bigint internally).
 */
export function roundHalfUp(numerator: bigint | number, denominator: bigint | number): number {
  const n = toBigInt(numerator, "numerator");
  let d = toBigInt(denominator, "denominator");
  if (d === 0n) throw new RangeError("denominator must not be 0");
  let num = n;
  if (d < 0n) {
    d = -d;
    num = -num;
  }
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const rounded = (abs * 2n + d) / (2n * d); // floor((2|n| + d) / 2d) = round-half-up of |n|/d
  return toSafeNumber(negative ? -rounded : rounded, "result");
}

/** Basis points: 10,000 bp = 100 %, so 2,000 bp = 20 % (UK standard VAT). */
export const BASIS_POINTS_PER_WHOLE = 10_000;
export const UK_STANDARD_VAT_BASIS_POINTS = 2_000;

/** VAT on a net amount in pence, rounded half-up to the penny. */
export function vatOn(netPence: Pence, vatRateBasisPoints: number): Pence {
  assertPence(netPence, "netPence");
  if (!Number.isSafeInteger(vatRateBasisPoints) || vatRateBasisPoints < 0 || vatRateBasisPoints > BASIS_POINTS_PER_WHOLE) {
    throw new RangeError(
      `vatRateBasisPoints must be a whole number from 0 to ${BASIS_POINTS_PER_WHOLE} (2000 = 20%), got ${vatRateBasisPoints}`,
    );
  }
  return roundHalfUp(BigInt(netPence) * BigInt(vatRateBasisPoints), BASIS_POINTS_PER_WHOLE);
}

/** Throws unless `value` is a whole number of pence. */
export function assertPence(value: number, label: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${label} must be a whole number of pence, got ${value}`);
  }
}

/** Formats pence as pounds sterling: 123456 → "£1,234.56", -5 → "-£0.05". */
export function formatGbp(pence: Pence): string {
  assertPence(pence, "pence");
  const sign = pence < 0 ? "-" : "";
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100);
  const pennies = abs % 100;
  const grouped = String(pounds).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}£${grouped}.${String(pennies).padStart(2, "0")}`;
}

/** Formats a whole count with thousands separators: 1501 → "1,501". */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
