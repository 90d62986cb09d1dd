export type FailureMode = "500" | "timeout" | "429";

/**
 * Queued failures: `add("/v1/billing/meter_events", 2, "500")` makes the next two requests whose path
 * starts with that prefix fail, in the order queued, before they reach a handler (so nothing is stored
 * and no idempotent result is saved — as if the request never reached Stripe's API).
 */
export class FailureQueue {
  private readonly pending: Array<{ prefix: string; remaining: number; mode: FailureMode }> = [];

  add(prefix: string, count: number, mode: FailureMode): void {
    if (!Number.isInteger(count) || count < 1) throw new Error(`failNext count must be a positive integer, got ${count}`);
    this.pending.push({ prefix, remaining: count, mode });
  }

  take(path: string): FailureMode | null {
    const index = this.pending.findIndex((entry) => path.startsWith(entry.prefix));
    const entry = this.pending[index];
    if (entry === undefined) return null;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.pending.splice(index, 1);
    return entry.mode;
  }
}
