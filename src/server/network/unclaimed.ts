import { and, desc, gte, like, lte, sql, type SQL } from "drizzle-orm";
import { invalid } from "@/domain/errors";
import type { Database } from "@/server/db";
import { devices, tenants, unclaimedEvents } from "@/server/db/schema";

/**
 * A DevEUI counts as unclaimed while no open tenant has registered it. Its events recorded before a
 * tenant registered it stay in unclaimed_events; this keeps them out of the pipeline once it is sold.
 */
export const stillUnclaimed = sql`not exists (
  select 1 from ${devices} d join ${tenants} t on t.id = d.tenant_id
  where d.dev_eui = ${unclaimedEvents.devEui} and t.status <> 'closed')`;

/**
 * The start of a DevEUI as typed (any case, with or without separators), as lowercase hex; a LIKE
 * prefix of it cannot contain wildcards.
 */
export function devEuiPrefix(search: string): string {
  const hex = search.trim().replace(/^0x/i, "").replace(/[\s:-]/g, "").toLowerCase();
  if (!/^[0-9a-f]*$/.test(hex) || hex.length > 16) {
    throw invalid(`Search by the start of a DevEUI: up to 16 hexadecimal digits (0-9, a-f), e.g. 70b3d5; got '${search.slice(0, 40)}'.`);
  }
  return hex;
}

export interface UnclaimedFilter { search?: string; page: number; pageSize: number }

/**
 * Devices in range whose owners are not customers yet, one row per DevEUI, most recently heard first.
 * Events are stored once per network-server event, so a retried delivery never inflates the count.
 */
export async function listUnclaimed(tx: Database, filter: UnclaimedFilter) {
  const where: SQL[] = [stillUnclaimed];
  const prefix = filter.search ? devEuiPrefix(filter.search) : "";
  if (prefix) where.push(like(unclaimedEvents.devEui, `${prefix}%`));
  const condition = and(...where);
  const lastSeen = sql<Date>`max(${unclaimedEvents.occurredAt})`.mapWith(unclaimedEvents.occurredAt);
  const rows = await tx
    .select({
      devEui: unclaimedEvents.devEui,
      firstSeen: sql<Date>`min(${unclaimedEvents.occurredAt})`.mapWith(unclaimedEvents.occurredAt),
      lastSeen,
      events: sql<number>`count(*)::int`,
      bestRssi: sql<number | null>`max(${unclaimedEvents.rssi})`,
      lastGatewayEui: sql<string | null>`(array_agg(${unclaimedEvents.gatewayEui} order by ${unclaimedEvents.occurredAt} desc) filter (where ${unclaimedEvents.gatewayEui} is not null))[1]`,
      source: sql<"chirpstack" | "tts">`(array_agg(${unclaimedEvents.source}::text order by ${unclaimedEvents.occurredAt} desc))[1]`,
    })
    .from(unclaimedEvents)
    .where(condition)
    .groupBy(unclaimedEvents.devEui)
    .orderBy(desc(lastSeen), unclaimedEvents.devEui)
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const [count] = await tx.select({ total: sql<number>`count(distinct ${unclaimedEvents.devEui})::int` }).from(unclaimedEvents).where(condition);
  return { rows, total: count?.total ?? 0 };
}

/** How many distinct unclaimed DevEUIs were heard between `from` and `to`. */
export async function countUnclaimedDevEuis(tx: Database, from: Date, to: Date) {
  const [row] = await tx
    .select({ count: sql<number>`count(distinct ${unclaimedEvents.devEui})::int` })
    .from(unclaimedEvents)
    .where(and(gte(unclaimedEvents.occurredAt, from), lte(unclaimedEvents.occurredAt, to), stillUnclaimed));
  return row?.count ?? 0;
}
