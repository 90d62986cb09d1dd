import { describe, expect, it } from "vitest";
import { CLOCK_POLICY } from "@/domain/lorawan";
import { clockPolicyFromEnvironment } from "./clock-policy-setting";

describe("CLOCK_SKEW_MAX_LATE_HOURS", () => {
  it("defaults to the domain's policy: 5 minutes ahead, 24 hours late", () => {
    expect(clockPolicyFromEnvironment({})).toEqual(CLOCK_POLICY);
    expect(clockPolicyFromEnvironment({ CLOCK_SKEW_MAX_LATE_HOURS: "" })).toEqual(CLOCK_POLICY);
  });

  it("widens how late an event may arrive, leaving the tolerance ahead alone", () => {
    expect(clockPolicyFromEnvironment({ CLOCK_SKEW_MAX_LATE_HOURS: "72" })).toEqual({ maxAheadMs: CLOCK_POLICY.maxAheadMs, maxBehindMs: 72 * 3_600_000 });
  });

  it.each(["0", "1.5", "ten", "9000"])("refuses %s with a message naming the variable", (value) => {
    expect(() => clockPolicyFromEnvironment({ CLOCK_SKEW_MAX_LATE_HOURS: value })).toThrow(/^CLOCK_SKEW_MAX_LATE_HOURS must be .*, got '/);
  });
});
