/**
 * Token bucket per network-server connection: a steady rate with a burst of one second's worth.
 * Kept in memory, so with several web processes each enforces the limit for its own share of traffic;
 * the load balancer in front spreads a connection's requests, which keeps the sum close to the limit.
 */
export class ConnectionRateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one token; returns 0 when allowed, or the seconds to wait before retrying. */
  take(connectionId: string, ratePerSecond: number): number {
    const now = this.now();
    const bucket = this.buckets.get(connectionId) ?? { tokens: ratePerSecond, at: now };
    bucket.tokens = Math.min(ratePerSecond, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond);
    bucket.at = now;
    this.buckets.set(connectionId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond));
  }
}
