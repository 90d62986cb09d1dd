import { describe, expect, it } from "vitest";
import { nextAttemptAfterFailure, RETRY_DELAYS_SECONDS } from "./retry-schedule";

const now = new Date("2026-03-01T12:00:00Z");
const secondsLater = (at: Date | null) => (at ? (at.getTime() - now.getTime()) / 1000 : null);

describe("nextAttemptAfterFailure", () => {
  it("retries quickly at first, then backs off", () => {
    expect(secondsLater(nextAttemptAfterFailure(1, now))).toBe(30);
    expect(secondsLater(nextAttemptAfterFailure(2, now))).toBe(60);
    const delays = RETRY_DELAYS_SECONDS.map((_, i) => secondsLater(nextAttemptAfterFailure(i + 1, now))!);
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
  });

  it("gives up after the last delay, about a day after the first failure", () => {
    expect(nextAttemptAfterFailure(RETRY_DELAYS_SECONDS.length, now)).not.toBeNull();
    expect(nextAttemptAfterFailure(RETRY_DELAYS_SECONDS.length + 1, now)).toBeNull();
    const totalHours = RETRY_DELAYS_SECONDS.reduce((sum, s) => sum + s, 0) / 3600;
    expect(totalHours).toBeGreaterThan(20);
    expect(totalHours).toBeLessThan(36);
  });

  it("treats no failed attempts as nothing to schedule", () => {
    expect(nextAttemptAfterFailure(0, now)).toBeNull();
  });
});
