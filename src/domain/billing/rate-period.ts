import { type BillingPeriod, isPeriodStart, periodContaining, periodKey } from "./billing-period";
import { formatCount, formatGbp, roundHalfUp, vatOn } from "./money";
import { type LateUsageCharge, lateUsageLine } from "./late-usage";
import { type PlanVersion, planVersionForPeriod } from "./plan";
import type { DeviceUsage } from "./device-usage";

export type RatedLineCode = "device_fee" | "overage" | "minimum_charge_top_up" | "late_usage";

/**
 * One invoice line. amountPence = roundHalfUp(quantity × unitAmountPence / unitSize).
 * - device_fee: quantity = active devices, unitAmountPence = monthly fee, unitSize 1.
 * - overage: quantity = credits above the pooled allowance,
 *   unitAmountPence = price per 1,000 credits, unitSize 1000.
 * - minimum_charge_top_up: quantity 1, unitAmountPence = the top-up, unitSize 1.
 * - late_usage: quantity 1, unitAmountPence = what an earlier month's late uplinks add (late-usage.ts),
 *   unitSize 1; `usagePeriod` names that month. One line per late month.
 */
export interface RatedLine {
  code: RatedLineCode;
  description: string;
  quantity: number;
  unitAmountPence: number;
  unitSize: 1 | 1000;
  amountPence: number;
  /** late_usage only: the month ("2026-11") whose usage the line bills. */
  usagePeriod?: string;
}

/** Per-device breakdown (for the tenant's statement and CSV). */
export interface DeviceLine {
  deviceId: string;
  devEui: string;
  name: string;
  /** Sent at least one uplink in the period. Inactive devices are listed but not charged. */
  active: boolean;
  uplinks: number;
  credits: number;
  payloadBytes: number;
  activeHours: number;
  /** This device's share of the device_fee line (the monthly fee, or 0 when inactive). */
  feePence: number;
}

export interface UsageSummary {
  activeDevices: number;
  uplinks: number;
  credits: number;
  payloadBytes: number;
  /** Pooled: activeDevices × allowanceCreditsPerDevice. */
  allowanceCredits: number;
  overageCredits: number;
}

export interface PeriodAmounts {
  subtotalPence: number;
  vatPence: number;
  totalPence: number;
}

export interface RatedPeriod extends PeriodAmounts {
  period: BillingPeriod;
  periodKey: string;
  planVersion: PlanVersion;
  /** Always priced at the plan's prices, also for internal plans (see `notional`). */
  lines: RatedLine[];
  internal: boolean;
  /**
   * What the period costs at the plan's prices, VAT included.
   * Standard plans: identical to subtotal/vat/total.
   * Internal plans (decision): nothing is charged, so subtotalPence, vatPence
   * and totalPence are 0, while `notional` carries what a standard tenant
   * would have paid (lines sum to notional.subtotalPence; VAT at the plan's
   * rate) for the cross-charging statement.
   */
  notional: PeriodAmounts;
  /** = notional.totalPence; equals totalPence for standard plans. */
  notionalTotalPence: number;
  usage: UsageSummary;
  deviceLines: DeviceLine[];
}

export interface RatePeriodInput {
  period: BillingPeriod;
  planVersions: readonly PlanVersion[];
  devices: readonly DeviceUsage[];
  /** Earlier months' late usage this period's invoice carries (after its own lines and top-up). */
  lateUsage?: readonly LateUsageCharge[];
}

function assertMonthlyPeriod(period: BillingPeriod): void {
  if (!isPeriodStart(period.start) || periodContaining(period.start).end.getTime() !== period.end.getTime()) {
    throw new RangeError(
      `period must be one calendar month in UTC (1st 00:00Z to next 1st 00:00Z), got ${period.start.toISOString()}–${period.end.toISOString()}`,
    );
  }
}

function assertDevices(devices: readonly DeviceUsage[]): void {
  const seen = new Set<string>();
  for (const d of devices) {
    if (seen.has(d.deviceId)) {
      throw new RangeError(`Device ${d.deviceId} (${d.devEui}) appears more than once; pass one total per device`);
    }
    seen.add(d.deviceId);
    for (const field of ["uplinks", "credits", "payloadBytes", "activeHours"] as const) {
      const value = d[field];
      if (!Number.isSafeInteger(value) || value < 0) {
        throw new RangeError(`Device ${d.devEui}: ${field} must be a whole number, 0 or more, got ${value}`);
      }
    }
    // Credits without uplinks are fine: a join is a message too. Active hours without uplinks are not.
    if (d.uplinks === 0 && d.activeHours > 0) {
      throw new RangeError(`Device ${d.devEui} has no uplinks but ${d.activeHours} active hours`);
    }
  }
}

function line(
  code: RatedLineCode,
  description: string,
  quantity: number,
  unitAmountPence: number,
  unitSize: 1 | 1000,
): RatedLine {
  return {
    code,
    description,
    quantity,
    unitAmountPence,
    unitSize,
    amountPence: roundHalfUp(BigInt(quantity) * BigInt(unitAmountPence), unitSize),
  };
}

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? "" : "s"}`;

/** Rates one tenant's usage for one billing period, line by line. */
export function ratePeriod({ period, planVersions, devices, lateUsage = [] }: RatePeriodInput): RatedPeriod {
  assertMonthlyPeriod(period);
  assertDevices(devices);
  const plan = planVersionForPeriod(planVersions, period);

  const deviceLines: DeviceLine[] = devices.map((d) => {
    const active = d.uplinks > 0;
    return {
      deviceId: d.deviceId,
      devEui: d.devEui,
      name: d.name,
      active,
      uplinks: d.uplinks,
      credits: d.credits,
      payloadBytes: d.payloadBytes,
      activeHours: d.activeHours,
      feePence: active ? plan.deviceMonthlyFeePence : 0,
    };
  });

  const active = deviceLines.filter((d) => d.active);
  // Usage counts every device (a device that only joined has credits but no uplinks); fees count active ones.
  const sum = (f: (d: DeviceLine) => number) => deviceLines.reduce((s, d) => s + f(d), 0);
  const activeDevices = active.length;
  const credits = sum((d) => d.credits);
  const allowanceCredits = activeDevices * plan.allowanceCreditsPerDevice;
  const overageCredits = Math.max(0, credits - allowanceCredits);

  const lines: RatedLine[] = [
    line(
      "device_fee",
      `Active devices: ${plural(activeDevices, "device")} × ${formatGbp(plan.deviceMonthlyFeePence)} per month`,
      activeDevices,
      plan.deviceMonthlyFeePence,
      1,
    ),
  ];
  if (overageCredits > 0) {
    lines.push(
      line(
        "overage",
        `Messages above allowance: ${plural(overageCredits, "credit")} over ${formatCount(allowanceCredits)} included, at ${formatGbp(plan.pricePer1000CreditsPence)} per 1,000 credits`,
        overageCredits,
        plan.pricePer1000CreditsPence,
        1000,
      ),
    );
  }
  const usageSubtotal = lines.reduce((s, l) => s + l.amountPence, 0);
  if (usageSubtotal < plan.minimumMonthlyChargePence) {
    const topUp = plan.minimumMonthlyChargePence - usageSubtotal;
    lines.push(
      line("minimum_charge_top_up", `Top-up to the minimum monthly charge of ${formatGbp(plan.minimumMonthlyChargePence)}`, 1, topUp, 1),
    );
  }
  // Late usage is an earlier month's: it neither counts towards this month's minimum nor is topped up.
  lines.push(...lateUsage.map(lateUsageLine));

  const notionalSubtotal = lines.reduce((s, l) => s + l.amountPence, 0);
  const notionalVat = vatOn(notionalSubtotal, plan.vatRateBasisPoints);
  const notional: PeriodAmounts = {
    subtotalPence: notionalSubtotal,
    vatPence: notionalVat,
    totalPence: notionalSubtotal + notionalVat,
  };
  const internal = plan.kind === "internal";
  const charged: PeriodAmounts = internal ? { subtotalPence: 0, vatPence: 0, totalPence: 0 } : { ...notional };

  return {
    period,
    periodKey: periodKey(period),
    planVersion: plan,
    lines,
    ...charged,
    internal,
    notional,
    notionalTotalPence: notional.totalPence,
    usage: {
      activeDevices,
      uplinks: sum((d) => d.uplinks),
      credits,
      payloadBytes: sum((d) => d.payloadBytes),
      allowanceCredits,
      overageCredits,
    },
    deviceLines,
  };
}
