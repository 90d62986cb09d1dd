import { sql, type SQL } from "drizzle-orm";
import type { Database } from "@/server/db";
import { resultRows } from "@/server/db/result-rows";
import { withPlatform } from "@/server/db/scopes";

export interface RetentionOptions {
  /** Rows older than this many days go (RETENTION_DAYS). */
  days: number;
  now?: Date;
  /** Rows per delete: each is its own short transaction. */
  batchSize?: number;
  /** A run stops after this many rows per table, so it always ends; the next run carries on. */
  maxRowsPerRun?: number;
  /** Between batches, so ingestion and forwarding get the database back in between. */
  pauseMs?: number;
}

/**
 * Deletes what is kept only for a while: raw unclaimed events (the unclaimed list reads the per-DevEUI
 * totals in unclaimed_devices, which stay), and forwarding deliveries that were delivered, both older
 * than `days`. Failed and pending deliveries are kept: a tenant can still resend them.
 *
 * Never in ingestion's way: each batch is a short transaction of its own, takes rows by the age index,
 * oldest first, and skips any row another transaction holds (SKIP LOCKED) instead of waiting for it;
 * ingestion only adds new rows, which are never old enough to be chosen.
 */
export async function purgeExpired(db: Database, options: RetentionOptions) {
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.days * 86_400_000).toISOString();
  const batch = options.batchSize ?? 1_000;
  const limit = options.maxRowsPerRun ?? 1_000_000;
  const unclaimedEvents = await inBatches(db, batch, limit, options.pauseMs ?? 20, sql`
    delete from unclaimed_events where dedup_key in (
      select dedup_key from unclaimed_events where occurred_at < ${cutoff}::timestamptz
      order by occurred_at limit ${batch} for update skip locked)`);
  const deliveries = await inBatches(db, batch, limit, options.pauseMs ?? 20, sql`
    delete from forward_deliveries where (tenant_id, id) in (
      select tenant_id, id from forward_deliveries where status = 'delivered' and delivered_at < ${cutoff}::timestamptz
      order by delivered_at limit ${batch} for update skip locked)`);
  return { unclaimedEvents, deliveries };
}

/** Runs `deleteBatch` until it deletes less than a full batch (or `limit` rows are gone); the number deleted. */
async function inBatches(db: Database, batch: number, limit: number, pauseMs: number, deleteBatch: SQL) {
  let total = 0;
  while (total < limit) {
    const deleted = resultRows<{ n: number }>(await withPlatform(db, (tx) => tx.execute(sql`with gone as (${deleteBatch} returning 1) select count(*)::int as n from gone`)))[0]!.n;
    total += deleted;
    if (deleted < batch) break;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return total;
}
