import { describe, expect, it } from "vitest";
import { parsePeriodKey } from "./billing-period";
import {
  NoPlanVersionError,
  nextPlanVersion,
  nextVersionEffectiveFrom,
  parsePlanVersion,
  planVersionForPeriod,
  planVersionSchema,
} from "./plan";
import { planVersion } from "./testing/fixtures";

const validInput = {
  planId: "business",
  version: 1,
  effectiveFrom: "2026-12-01T00:00:00Z",
  name: "Business",
  kind: "standard",
  deviceMonthlyFeePence: 500,
  allowanceCreditsPerDevice: 1000,
  pricePer1000CreditsPence: 7,
};

describe("planVersionSchema", () => {
  it("accepts a minimal input and applies defaults (GBP, 20% VAT, no minimum, 14 days' grace, no auto-suspend)", () => {
    expect(parsePlanVersion(validInput)).toEqual({
      ...validInput,
      effectiveFrom: new Date("2026-12-01T00:00:00Z"),
      currency: "GBP",
      vatRateBasisPoints: 2000,
      minimumMonthlyChargePence: 0,
      paymentGraceDays: 14,
      autoSuspend: false,
    });
  });

  it.each([
    [{ effectiveFrom: "2026-11-15T00:00:00Z" }, "effectiveFrom", "must be the start of a billing period: the 1st of a month at 00:00 UTC"],
    [{ effectiveFrom: "2026-12-01T01:00:00Z" }, "effectiveFrom", "must be the start of a billing period"],
    [{ effectiveFrom: "soon" }, "effectiveFrom", "effectiveFrom must be a date"],
    [{ deviceMonthlyFeePence: 4.5 }, "deviceMonthlyFeePence", "must be a whole number of pence (e.g. 500 for £5.00)"],
    [{ deviceMonthlyFeePence: "500" }, "deviceMonthlyFeePence", "must be a whole number of pence"],
    [{ pricePer1000CreditsPence: -1 }, "pricePer1000CreditsPence", "pricePer1000CreditsPence must be 0 or more"],
    [{ minimumMonthlyChargePence: -100 }, "minimumMonthlyChargePence", "must be 0 or more"],
    [{ allowanceCreditsPerDevice: 1.5 }, "allowanceCreditsPerDevice", "must be a whole number of credits"],
    [{ vatRateBasisPoints: 10_001 }, "vatRateBasisPoints", "at most 10000 (100%)"],
    [{ vatRateBasisPoints: 17.5 }, "vatRateBasisPoints", "whole number of basis points (2000 = 20%)"],
    [{ kind: "free" }, "kind", 'kind must be "standard" or "internal"'],
    [{ currency: "EUR" }, "currency", 'currency must be "GBP"'],
    [{ planId: "  " }, "planId", "planId is required"],
    [{ name: "" }, "name", "name is required"],
    [{ version: 0 }, "version", "version must be 1 or more"],
    [{ paymentGraceDays: 400 }, "paymentGraceDays", "at most 365"],
  ])("rejects %j at %s with a clear message", (patch, path, message) => {
    const result = planVersionSchema.safeParse({ ...validInput, ...patch });
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path.join(".") === path);
    expect(issue?.message).toContain(message);
  });
});

describe("planVersionForPeriod", () => {
  const v1 = planVersion({ version: 1, effectiveFrom: new Date("2026-01-01T00:00:00Z") });
  const v2 = planVersion({ version: 2, effectiveFrom: new Date("2026-12-01T00:00:00Z"), deviceMonthlyFeePence: 600 });
  // A second change for the same month: the higher version wins.
  const v3 = planVersion({ version: 3, effectiveFrom: new Date("2026-12-01T00:00:00Z"), deviceMonthlyFeePence: 650 });
  // Dated mid-month (bypassing the schema): must not apply to November.
  const midMonth = planVersion({ version: 4, effectiveFrom: new Date("2026-11-15T00:00:00Z"), deviceMonthlyFeePence: 999 });

  it.each([
    ["2026-01", 1, [v1, v2, v3]],
    ["2026-11", 1, [v1, v2, v3]], // December's price change does not touch November
    ["2026-12", 3, [v1, v2, v3]],
    ["2027-06", 3, [v3, v1, v2]], // order of input does not matter
    ["2026-11", 1, [v1, midMonth]], // mid-period version: never mid-period…
    ["2026-12", 4, [v1, midMonth]], // …it applies from the next period
  ] as const)("%s uses version %s (case %#)", (key, expectedVersion, versions) => {
    expect(planVersionForPeriod(versions, parsePeriodKey(key)).version).toBe(expectedVersion);
  });

  it.each([
    [[v2], "2026-11", "No plan version is in effect for 2026-11: the earliest version starts 2026-12"],
    [[], "2026-11", "No plan version is in effect for 2026-11: the tenant has no plan versions"],
  ])("throws NoPlanVersionError when none applies (%#)", (versions, key, message) => {
    const call = () => planVersionForPeriod(versions, parsePeriodKey(key));
    expect(call).toThrow(NoPlanVersionError);
    expect(call).toThrow(message);
  });
});

describe("price changes apply from the next period", () => {
  it.each([
    ["2026-11-15T10:00:00Z", "2026-12-01T00:00:00.000Z"],
    ["2026-11-01T00:00:00Z", "2026-12-01T00:00:00.000Z"], // even on the first day of a period
    ["2026-12-31T23:59:59Z", "2027-01-01T00:00:00.000Z"],
  ])("a change made %s is effective from %s", (now, expected) => {
    expect(nextVersionEffectiveFrom(new Date(now)).toISOString()).toBe(expected);
  });

  it("nextPlanVersion on 15 Nov creates version 2 from 1 Dec that leaves November alone", () => {
    const v1 = planVersion();
    const v2 = nextPlanVersion([v1], { deviceMonthlyFeePence: 600 }, new Date("2026-11-15T10:00:00Z"));
    expect(v2).toEqual({ ...v1, version: 2, effectiveFrom: new Date("2026-12-01T00:00:00Z"), deviceMonthlyFeePence: 600 });
    expect(planVersionForPeriod([v1, v2], parsePeriodKey("2026-11")).deviceMonthlyFeePence).toBe(500);
    expect(planVersionForPeriod([v1, v2], parsePeriodKey("2026-12")).deviceMonthlyFeePence).toBe(600);
  });

  it("nextPlanVersion validates the change", () => {
    expect(() => nextPlanVersion([planVersion()], { deviceMonthlyFeePence: -5 }, new Date("2026-11-15T10:00:00Z"))).toThrow(
      /deviceMonthlyFeePence must be 0 or more/,
    );
    expect(() => nextPlanVersion([], {}, new Date())).toThrow(/no versions/);
  });
});
