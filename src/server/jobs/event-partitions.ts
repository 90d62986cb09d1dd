import { sql } from "drizzle-orm";
import type { Database } from "@/server/db";
import { resultRows } from "@/server/db/result-rows";
import { withPlatform } from "@/server/db/scopes";

/**
 * The months of device_events (drizzle/0037_device_events_partitioned.sql): one partition per UTC
 * month of the time the network server reported, created ahead by the periodic jobs, and — when
 * EVENT_RETENTION_MONTHS is set — the oldest detached and dropped whole, instead of deleting rows.
 *
 * Partitions are DDL, so these statements run as the database owner (the connection's own role, which
 * migrations also need), not under a scope's role.
 */

/** Months created ahead of the current one, so no month's traffic waits in the default partition for the job. */
export const MONTHS_AHEAD = 3;
/**
 * How far back trusted events waiting in the default partition (a backlog replayed by a network
 * server, a demo's history) get months of their own; anything older stays there.
 */
export const BACKLOG_MONTHS = 12;
/** DDL waits at most this long for the locks it needs, then gives up until the next pass (never holding ingestion up longer). */
const LOCK_TIMEOUT = "5s";

const PARTITION_NAME = /^device_events_(\d{4})_(\d{2})$/;

/** The first instant of the UTC month `offset` months from `at`'s. */
export function monthStart(at: Date, offset = 0): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1));
}

/** The starts of every UTC month from `from`'s to `to`'s, both included. */
export function monthsFrom(from: Date, to: Date): Date[] {
  const months: Date[] = [];
  for (let month = monthStart(from); month <= to; month = monthStart(month, 1)) months.push(month);
  return months;
}

/** The month a partition holds (device_events_YYYY_MM), or null for any other name (the default partition). */
export function partitionMonth(name: string): Date | null {
  const match = PARTITION_NAME.exec(name);
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)) : null;
}

/** The partitions of device_events, oldest month first, the default one last (month null). */
export async function eventPartitions(db: Database) {
  const rows = resultRows<{ name: string }>(await db.execute(sql`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'device_events'::regclass`));
  return rows
    .map(({ name }) => ({ name, month: partitionMonth(name) }))
    .sort((a, b) => (a.month?.getTime() ?? Infinity) - (b.month?.getTime() ?? Infinity));
}

/** Creates the partition of every month from `from`'s to `to`'s that has none yet; the months created, as their partitions' names. */
export async function ensureEventPartitions(db: Database, from: Date, to: Date): Promise<string[]> {
  const created: string[] = [];
  for (const month of monthsFrom(from, to)) {
    const made = await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local lock_timeout = '${LOCK_TIMEOUT}'`));
      return resultRows<{ created: boolean }>(await tx.execute(sql`select device_events_ensure_partition(${month.toISOString()}::timestamptz) as created`))[0]!.created;
    });
    if (made) created.push(`device_events_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, "0")}`);
  }
  return created;
}

export interface PartitionSettings {
  now?: Date;
  /** EVENT_RETENTION_MONTHS: whole months of events older than this many months go; null keeps everything. */
  retentionMonths: number | null;
}

/**
 * One pass: partitions for this month and MONTHS_AHEAD more, and for the months of trusted events the
 * default partition holds from the last BACKLOG_MONTHS (moved into them); then, with a retention, the
 * months before it dropped — their forwarding deliveries first, as the foreign key's cascade used to —
 * and the default partition's events stored before it deleted.
 */
export async function maintainEventPartitions(db: Database, settings: PartitionSettings) {
  const now = settings.now ?? new Date();
  const [backlog] = resultRows<{ oldest: string | null }>(await db.execute(sql`
    select min(reported_at)::text as oldest from device_events_default
    where not clock_skew and reported_at >= ${monthStart(now, -BACKLOG_MONTHS).toISOString()}::timestamptz and reported_at < ${monthStart(now).toISOString()}::timestamptz`));
  const from = backlog?.oldest ? new Date(backlog.oldest) : now;
  const created = await ensureEventPartitions(db, from, monthStart(now, MONTHS_AHEAD));
  if (settings.retentionMonths === null) return { created, dropped: [] as string[], deletedFromDefault: 0 };

  const cutoff = monthStart(now, -settings.retentionMonths);
  const dropped: string[] = [];
  for (const { name, month } of await eventPartitions(db)) {
    if (!month || month >= cutoff) continue;
    await withPlatform(db, (tx) => tx.execute(sql`
      delete from forward_deliveries f using device_events e
      where e.reported_at >= ${month.toISOString()}::timestamptz and e.reported_at < ${monthStart(month, 1).toISOString()}::timestamptz
        and f.tenant_id = e.tenant_id and f.event_id = e.id`));
    await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local lock_timeout = '${LOCK_TIMEOUT}'`));
      await tx.execute(sql.raw(`alter table device_events detach partition "${name}"`));
      await tx.execute(sql.raw(`drop table "${name}"`));
    });
    dropped.push(name);
  }
  const [gone] = resultRows<{ n: number }>(await withPlatform(db, (tx) => tx.execute(sql`
    with gone as (
      delete from device_events where tableoid = 'device_events_default'::regclass and occurred_at < ${cutoff.toISOString()}::timestamptz
      returning tenant_id, id
    ), deliveries as (
      delete from forward_deliveries f using gone where f.tenant_id = gone.tenant_id and f.event_id = gone.id
    )
    select count(*)::int as n from gone`)));
  return { created, dropped, deletedFromDefault: gone?.n ?? 0 };
}
