import { isDatabaseUnavailable } from "@/server/db/database-unavailable";
import type { IngestItem, IngestOutcome } from "./store-events";

export interface BatcherOptions {
  /** Largest batch written in one transaction (bounded by PostgreSQL's 65,535 bind parameters). */
  maxBatch?: number;
  /** How long the first event of a batch may wait for company. */
  maxWaitMs?: number;
  /** Batches written at the same time (database connections used by ingestion). */
  concurrency?: number;
}

/** `lane` (0 ≤ lane < concurrency) tells batches being written at the same time apart. */
type Store = (items: readonly IngestItem[], lane: number) => Promise<IngestOutcome[]>;
interface Pending { item: IngestItem; resolve(outcome: IngestOutcome): void; reject(error: unknown): void }

/**
 * Group commit: concurrent requests' events are written together, one transaction per batch, and each
 * request is answered only after its batch has committed. So throughput comes from batching while no
 * network server is ever told "stored" for an event that isn't. If a batch fails, its events are
 * retried one by one, so a single bad event cannot take its neighbours down with it (unless the
 * database is unavailable: then they all fail at once).
 */
export class IngestBatcher {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private freeLanes: number[];
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;
  private readonly concurrency: number;

  constructor(private readonly store: Store, options: BatcherOptions = {}) {
    this.maxBatch = options.maxBatch ?? 500;
    this.maxWaitMs = options.maxWaitMs ?? 5;
    this.concurrency = options.concurrency ?? 2;
    this.freeLanes = Array.from({ length: this.concurrency }, (_, lane) => lane);
  }

  submit(item: IngestItem): Promise<IngestOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  submitMany(items: readonly IngestItem[]): Promise<IngestOutcome[]> {
    return Promise.all(items.map((item) => this.submit(item)));
  }

  private schedule() {
    if (!this.freeLanes.length) return;
    if (this.queue.length >= this.maxBatch) {
      this.flush();
    } else if (this.queue.length && !this.timer) {
      this.timer = setTimeout(() => this.flush(), this.maxWaitMs);
    }
  }

  private flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.queue.length || !this.freeLanes.length) return;
    const batch = this.queue.splice(0, this.maxBatch);
    const lane = this.freeLanes.pop()!;
    void this.write(batch, lane).finally(() => {
      this.freeLanes.push(lane);
      this.schedule();
    });
  }

  private async write(batch: Pending[], lane: number) {
    try {
      const outcomes = await this.store(batch.map((p) => p.item), lane);
      batch.forEach((p, i) => p.resolve(outcomes[i]!));
    } catch (error) {
      // The database being away fails every event alike: nothing to gain from trying them one by one.
      if (batch.length === 1 || isDatabaseUnavailable(error)) return batch.forEach((p) => p.reject(error));
      for (const pending of batch) await this.write([pending], lane);
    }
  }
}
