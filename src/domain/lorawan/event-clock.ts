/**
 * Which time an event is stored, metered and billed at.
 *
 * ChirpStack stamps events with the gateway's clock when the gateway sends one (the first gateway's
 * GPS time, else its `time`, and only then its own clock: `get_rx_timestamp` in
 * chirpstack/src/uplink/helpers.rs), and a gateway without GNSS or NTP can be years out; The Things
 * Stack uses its own clock, which can be wrong too. So a reported time is trusted only within a
 * window around the moment we received the event:
 *
 * - up to CLOCK_POLICY.maxAheadMs ahead: clocks a little fast, and our own clock against theirs;
 * - up to CLOCK_POLICY.maxBehindMs behind: the longest an honest event is delivered late. ChirpStack's
 *   HTTP integration posts each event once (5 s timeout, no retry); The Things Stack's webhook retries
 *   end about 72 minutes after the first try (4, 8, then four of 15 minutes); an MQTT broker keeps
 *   QoS 1 messages for a worker's persistent session while the worker is down, which is the one
 *   legitimately old source, and the worker asks for its session to be kept 24 hours
 *   (sessionExpiryInterval in server/jobs/mqtt-ingest-worker.ts). A deployment whose broker holds
 *   messages longer can widen this (CLOCK_SKEW_MAX_LATE_HOURS).
 *
 * Outside the window the event is kept (it is a paid-for message) but stored at the receive time and
 * marked as clock-skewed, with the reported time kept for support; it is metered and billed in the
 * hour it reached us, never in a month it did not happen in.
 */
export interface ClockPolicy {
  /** How far ahead of the receive time a reported time may be. */
  maxAheadMs: number;
  /** How far behind the receive time a reported time may be (how late an honest event can arrive). */
  maxBehindMs: number;
}

export const CLOCK_POLICY: ClockPolicy = { maxAheadMs: 5 * 60_000, maxBehindMs: 24 * 3_600_000 };

export interface EventClock {
  /** The time everything uses: the reported time when trusted, else the receive time. */
  occurredAt: Date;
  /** What the network server said. */
  reportedAt: Date;
  /** The reported time was outside the window and was replaced by the receive time. */
  clockSkew: boolean;
}

/** True when `reported` is within the trusted window around `receivedAt` (boundaries included). */
export function isTrustedTime(reported: Date, receivedAt: Date, policy: ClockPolicy = CLOCK_POLICY): boolean {
  const offset = reported.getTime() - receivedAt.getTime();
  return offset <= policy.maxAheadMs && offset >= -policy.maxBehindMs;
}

/** The event's time under the policy, from the reported time and when we received it (our clock). */
export function eventClock(reportedAt: Date, receivedAt: Date, policy: ClockPolicy = CLOCK_POLICY): EventClock {
  const trusted = isTrustedTime(reportedAt, receivedAt, policy);
  return { occurredAt: trusted ? reportedAt : receivedAt, reportedAt, clockSkew: !trusted };
}

/**
 * A gateway's reception time under the same window, or null when it is untrusted (or absent), so
 * the gateway's "last seen" falls back to the event's own, already checked, time.
 */
export function trustedReceptionTime(reported: Date | null, receivedAt: Date, policy: ClockPolicy = CLOCK_POLICY): Date | null {
  return reported !== null && isTrustedTime(reported, receivedAt, policy) ? reported : null;
}
