import { describe, expect, it } from "vitest";
import { CLOCK_POLICY, eventClock, isTrustedTime, trustedReceptionTime } from "./event-clock";

const receivedAt = new Date("2026-11-30T23:58:00Z");
const offset = (ms: number) => new Date(receivedAt.getTime() + ms);
const MINUTE = 60_000;
const YEAR = 365 * 24 * 60 * MINUTE;

describe("eventClock", () => {
  it("trusts a time a little behind or ahead of the receive time", () => {
    for (const ms of [0, -3_000, 2 * MINUTE, -6 * 60 * MINUTE]) {
      const reported = offset(ms);
      expect(eventClock(reported, receivedAt)).toEqual({ occurredAt: reported, reportedAt: reported, clockSkew: false });
    }
  });

  it("stores an event from a clock five years ahead at the receive time, flagged, keeping the reported time", () => {
    const reported = offset(5 * YEAR);
    expect(eventClock(reported, receivedAt)).toEqual({ occurredAt: receivedAt, reportedAt: reported, clockSkew: true });
  });

  it("stores an event from a clock five years behind at the receive time, flagged", () => {
    const reported = offset(-5 * YEAR);
    expect(eventClock(reported, receivedAt)).toEqual({ occurredAt: receivedAt, reportedAt: reported, clockSkew: true });
  });

  it("does not let a fast clock move an event into next month", () => {
    // Received two minutes before midnight at the end of November; the gateway says December.
    const clock = eventClock(offset(10 * MINUTE), receivedAt);
    expect(clock.occurredAt.toISOString()).toBe("2026-11-30T23:58:00.000Z");
    expect(clock.clockSkew).toBe(true);
  });

  it("includes both boundaries in the trusted window and nothing beyond them", () => {
    expect(isTrustedTime(offset(CLOCK_POLICY.maxAheadMs), receivedAt)).toBe(true);
    expect(isTrustedTime(offset(CLOCK_POLICY.maxAheadMs + 1), receivedAt)).toBe(false);
    expect(isTrustedTime(offset(-CLOCK_POLICY.maxBehindMs), receivedAt)).toBe(true);
    expect(isTrustedTime(offset(-CLOCK_POLICY.maxBehindMs - 1), receivedAt)).toBe(false);
  });

  it("is five minutes ahead and one day behind", () => {
    expect(CLOCK_POLICY).toEqual({ maxAheadMs: 5 * MINUTE, maxBehindMs: 24 * 60 * MINUTE });
  });
});

describe("trustedReceptionTime", () => {
  it("keeps a gateway's reception time inside the window and drops one outside it", () => {
    expect(trustedReceptionTime(offset(-1_000), receivedAt)).toEqual(offset(-1_000));
    expect(trustedReceptionTime(offset(2 * YEAR), receivedAt)).toBeNull();
    expect(trustedReceptionTime(null, receivedAt)).toBeNull();
  });
});
