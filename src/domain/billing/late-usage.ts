/**
 * Usage that reaches a month after its invoice was issued ("late usage": a network server retrying,
 * a gateway back online). The issued invoice never changes; instead the next invoice carries a
 * late-usage line per earlier month.
 *
 * Policy: the late month is re-rated with everything now known, at the prices (plan version) that
 * priced it, and the line is what the month costs now minus what was already billed for it (its
 * invoice's own lines plus every late-usage line carried before). So the pooled allowance is used up
 * first, a device first heard through late uplinks pays that month's device fee, a minimum-charge
 * top-up shrinks before anything more is charged, and the invoice plus its late lines add up to what
 * the month would have cost had every uplink arrived on time. Late usage that costs nothing (within
 * the allowance) is still recorded, as a £0.00 line, so the month reads as settled. VAT is charged
 * on the line with the rest of the invoice that carries it (the tax point of a continuous supply is
 * the invoice).
 */
import { type BillingPeriod, monthLabel, periodKey } from "./billing-period";
import { formatCount } from "./money";
import type { RatedLine } from "./rate-period";

/** A late-usage amount already carried by a later invoice (or the one being built). */
export interface LateUsageCarried {
  usagePeriodKey: string;
  credits: number;
  uplinks: number;
  /** Net, at the late month's prices (notional for internal plans). */
  amountPence: number;
}

/** A late-usage line to put on the next invoice. */
export interface LateUsageCharge extends LateUsageCarried {
  description: string;
}

/** What a month's invoice, and the late lines since, billed for that month's own usage. */
export interface BilledForMonth {
  credits: number;
  uplinks: number;
  amountPence: number;
}

/** The rated figures the late-usage rules read: an issued invoice, or a fresh rating of the month. */
interface MonthRating {
  period: BillingPeriod;
  lines: readonly RatedLine[];
  usage: { credits: number; uplinks: number };
}

/** The month's own charges: an invoice also carries late lines for earlier months, which are not its own. */
export const ownChargesPence = (rating: Pick<MonthRating, "lines">) =>
  rating.lines.reduce((sum, line) => (line.code === "late_usage" ? sum : sum + line.amountPence), 0);

export function billedSoFar(invoice: MonthRating, carried: readonly LateUsageCarried[]): BilledForMonth {
  return carried.reduce(
    (total, c) => ({ credits: total.credits + c.credits, uplinks: total.uplinks + c.uplinks, amountPence: total.amountPence + c.amountPence }),
    { credits: invoice.usage.credits, uplinks: invoice.usage.uplinks, amountPence: ownChargesPence(invoice) },
  );
}

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? "" : "s"}`;

/**
 * The late-usage line for a month, from its re-rating now and what was billed for it so far; null when
 * nothing new arrived. Never negative: a month that now costs less (usage removed) is for staff to
 * credit, and reconciliation shows it.
 */
export function lateUsageCharge(rerated: MonthRating, billed: BilledForMonth, invoiceNumber: string): (LateUsageCharge & { invoiceNumber: string }) | null {
  const credits = rerated.usage.credits - billed.credits;
  const uplinks = rerated.usage.uplinks - billed.uplinks;
  if (credits <= 0 && uplinks <= 0) return null;
  const amountPence = Math.max(0, ownChargesPence(rerated) - billed.amountPence);
  const usagePeriodKey = periodKey(rerated.period);
  return {
    usagePeriodKey,
    credits: Math.max(0, credits),
    uplinks: Math.max(0, uplinks),
    amountPence,
    invoiceNumber,
    description: `Late usage for ${monthLabel(rerated.period)}: ${plural(Math.max(0, credits), "credit")} (${plural(Math.max(0, uplinks), "uplink")}) reported after invoice ${invoiceNumber}, at that month's prices`,
  };
}

/** The invoice line for a late-usage charge: one amount, kept apart from the month's own lines by its period. */
export function lateUsageLine(charge: LateUsageCharge): RatedLine {
  return { code: "late_usage", description: charge.description, quantity: 1, unitAmountPence: charge.amountPence, unitSize: 1, amountPence: charge.amountPence, usagePeriod: charge.usagePeriodKey };
}

export interface LateUsageSettlement {
  /** settled: every late credit and penny is on later invoices; outstanding: some is not (yet). */
  status: "settled" | "outstanding";
  invoiceNumbers: string[];
  outstandingCredits: number;
}

/**
 * Whether the difference between a month's invoice and its recomputation is late usage carried by later
 * invoices. null when the recomputation holds no more usage than the invoice (then any difference is
 * something else, and reconciliation shows it as it is).
 */
export function lateUsageSettlement(
  invoice: MonthRating,
  recomputed: MonthRating,
  carried: ReadonlyArray<LateUsageCarried & { invoiceNumber: string | null }>,
): LateUsageSettlement | null {
  if (recomputed.usage.credits <= invoice.usage.credits && recomputed.usage.uplinks <= invoice.usage.uplinks) return null;
  const billed = billedSoFar(invoice, carried);
  const settled = recomputed.usage.credits === billed.credits && recomputed.usage.uplinks === billed.uplinks && Math.max(ownChargesPence(recomputed), ownChargesPence(invoice)) === billed.amountPence;
  return {
    status: settled ? "settled" : "outstanding",
    invoiceNumbers: [...new Set(carried.map((c) => c.invoiceNumber).filter((n): n is string => n !== null))],
    outstandingCredits: Math.max(0, recomputed.usage.credits - billed.credits),
  };
}
