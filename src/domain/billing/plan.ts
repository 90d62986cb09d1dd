import { z } from "zod";
import { type BillingPeriod, isPeriodStart, nextPeriod, periodContaining, periodKey } from "./billing-period";
import { DomainError } from "../errors";
import { UK_STANDARD_VAT_BASIS_POINTS } from "./money";

export type PlanKind = "standard" | "internal";

/**
 * One immutable version of a plan's prices. A price change is a new version
 * whose `effectiveFrom` is the start of a future billing period; versions are
 * never edited and never apply mid-period or retroactively.
 */
export interface PlanVersion {
  planId: string;
  /** 1, 2, 3… per planId. */
  version: number;
  /** Start of the billing period from which this version applies (1st of month 00:00Z). */
  effectiveFrom: Date;
  name: string;
  /** "internal" = council department: priced for a cross-charging statement, never charged. */
  kind: PlanKind;
  currency: "GBP";
  /** 2000 = 20 %. */
  vatRateBasisPoints: number;
  /** Monthly fee per active device (sent at least one uplink in the period). */
  deviceMonthlyFeePence: number;
  /** Credits included per active device; pooled across the tenant's active devices. */
  allowanceCreditsPerDevice: number;
  /** Price per 1,000 credits above the pooled allowance. */
  pricePer1000CreditsPence: number;
  /** 0 = no minimum. */
  minimumMonthlyChargePence: number;
  paymentGraceDays: number;
  /** When false (the default), suspension for non-payment needs staff approval. */
  autoSuspend: boolean;
}

const wholePence = (field: string) =>
  z
    .int({ error: `${field} must be a whole number of pence (e.g. 500 for £5.00)` })
    .min(0, { error: `${field} must be 0 or more` });

/** Validates plan-version input (e.g. from an operator form) with messages a user can act on. */
export const planVersionSchema = z.object({
  planId: z.string({ error: "planId is required" }).trim().min(1, { error: "planId is required" }),
  version: z
    .int({ error: "version must be a whole number" })
    .min(1, { error: "version must be 1 or more" }),
  effectiveFrom: z.coerce
    .date({ error: "effectiveFrom must be a date, e.g. 2026-12-01T00:00:00Z" })
    .refine(isPeriodStart, {
      error: "effectiveFrom must be the start of a billing period: the 1st of a month at 00:00 UTC",
    }),
  name: z.string({ error: "name is required" }).trim().min(1, { error: "name is required" }).max(100, {
    error: "name must be at most 100 characters",
  }),
  kind: z.enum(["standard", "internal"], { error: 'kind must be "standard" or "internal"' }),
  currency: z.literal("GBP", { error: 'currency must be "GBP"' }).default("GBP"),
  vatRateBasisPoints: z
    .int({ error: "vatRateBasisPoints must be a whole number of basis points (2000 = 20%)" })
    .min(0, { error: "vatRateBasisPoints must be 0 or more" })
    .max(10_000, { error: "vatRateBasisPoints must be at most 10000 (100%)" })
    .default(UK_STANDARD_VAT_BASIS_POINTS),
  deviceMonthlyFeePence: wholePence("deviceMonthlyFeePence"),
  allowanceCreditsPerDevice: z
    .int({ error: "allowanceCreditsPerDevice must be a whole number of credits" })
    .min(0, { error: "allowanceCreditsPerDevice must be 0 or more" }),
  pricePer1000CreditsPence: wholePence("pricePer1000CreditsPence"),
  minimumMonthlyChargePence: wholePence("minimumMonthlyChargePence").default(0),
  paymentGraceDays: z
    .int({ error: "paymentGraceDays must be a whole number of days" })
    .min(0, { error: "paymentGraceDays must be 0 or more" })
    .max(365, { error: "paymentGraceDays must be at most 365" })
    .default(14),
  autoSuspend: z.boolean({ error: "autoSuspend must be true or false" }).default(false),
});

export type PlanVersionInput = z.input<typeof planVersionSchema>;

/** Parses and validates a plan version; throws a ZodError listing every problem. */
export function parsePlanVersion(input: unknown): PlanVersion {
  return planVersionSchema.parse(input);
}

/** No plan version covers the requested period (maps to NOT_FOUND). */
export class NoPlanVersionError extends DomainError {
  constructor(message: string) {
    super("NOT_FOUND", message);
    this.name = "NoPlanVersionError";
  }
}

/**
 * The version that prices `period`: the latest version with
 * effectiveFrom <= period.start (ties: the higher version number).
 * Because it compares with the period *start*, a version dated mid-period
 * only applies from the following period.
 */
export function planVersionForPeriod(versions: readonly PlanVersion[], period: BillingPeriod): PlanVersion {
  let best: PlanVersion | undefined;
  for (const v of versions) {
    if (v.effectiveFrom.getTime() > period.start.getTime()) continue;
    if (
      !best ||
      v.effectiveFrom.getTime() > best.effectiveFrom.getTime() ||
      (v.effectiveFrom.getTime() === best.effectiveFrom.getTime() && v.version > best.version)
    ) {
      best = v;
    }
  }
  if (!best) {
    const earliest = versions.reduce<Date | undefined>(
      (min, v) => (!min || v.effectiveFrom < min ? v.effectiveFrom : min),
      undefined,
    );
    throw new NoPlanVersionError(
      earliest
        ? `No plan version is in effect for ${periodKey(period)}: the earliest version starts ${periodKey(periodContaining(earliest))}`
        : `No plan version is in effect for ${periodKey(period)}: the tenant has no plan versions`,
    );
  }
  return best;
}

/** A price change made at `now` takes effect from the start of the next billing period. */
export function nextVersionEffectiveFrom(now: Date): Date {
  return nextPeriod(periodContaining(now)).start;
}

export type PlanPriceChange = Partial<
  Omit<PlanVersion, "planId" | "version" | "effectiveFrom" | "currency">
>;

/**
 * Builds the next version of a plan from a price change made at `now`:
 * version = highest existing + 1, effectiveFrom = start of the next period.
 */
export function nextPlanVersion(
  versions: readonly PlanVersion[],
  change: PlanPriceChange,
  now: Date,
): PlanVersion {
  const effectiveFrom = nextVersionEffectiveFrom(now);
  const latest = versions.reduce<PlanVersion | undefined>(
    (max, v) => (!max || v.version > max.version ? v : max),
    undefined,
  );
  if (!latest) throw new NoPlanVersionError("Cannot change a plan that has no versions; create version 1 first");
  return parsePlanVersion({ ...latest, ...change, version: latest.version + 1, effectiveFrom });
}
