import { and, count, desc, gte, like, lte, sql, type SQL } from "drizzle-orm";
import { invalid } from "@/domain/errors";
import type { Database } from "@/server/db";
import { outer } from "@/server/db/correlated";
import { devices, tenants, unclaimedDevices } from "@/server/db/schema";

/**
 * A DevEUI counts as unclaimed while no open tenant has registered it. Its unclaimed_devices row
 * outlives the registration; this keeps it out of the pipeline while it is sold, and brings it back
 * (with the totals from before) if that tenant closes.
 */
export const stillUnclaimed = sql`not exists (
  select 1 from ${devices} d join ${tenants} t on t.id = d.tenant_id
  where d.dev_eui = ${outer(unclaimedDevices.devEui)} and t.status <> 'closed')`;

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
 * Read from the per-DevEUI totals that ingestion keeps (unclaimed_devices), which count each
 * network-server event once, so a retried delivery never inflates the count.
 */
export async function listUnclaimed(tx: Database, filter: UnclaimedFilter) {
  const where: SQL[] = [stillUnclaimed];
  const prefix = filter.search ? devEuiPrefix(filter.search) : "";
  if (prefix) where.push(like(unclaimedDevices.devEui, `${prefix}%`));
  const condition = and(...where);
  const rows = await tx
    .select({
      devEui: unclaimedDevices.devEui,
      firstSeen: unclaimedDevices.firstSeenAt,
      lastSeen: unclaimedDevices.lastSeenAt,
      events: unclaimedDevices.events,
      bestRssi: unclaimedDevices.bestRssi,
      lastGatewayEui: unclaimedDevices.lastGatewayEui,
      source: unclaimedDevices.lastSource,
    })
    .from(unclaimedDevices)
    .where(condition)
    .orderBy(desc(unclaimedDevices.lastSeenAt), unclaimedDevices.devEui)
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const [total] = await tx.select({ count: count() }).from(unclaimedDevices).where(condition);
  return { rows, total: total?.count ?? 0 };
}

/**
 * How many still-unclaimed DevEUIs were last heard from `since` up to `now`. Bounded by `now` so an
 * overview of a past moment agrees with its own traffic figures; only the last time is kept, so a
 * DevEUI heard again after that moment is left out of it.
 */
export async function countUnclaimedDevEuisLastSeen(tx: Database, since: Date, now: Date) {
  const [row] = await tx
    .select({ count: count() })
    .from(unclaimedDevices)
    .where(and(gte(unclaimedDevices.lastSeenAt, since), lte(unclaimedDevices.lastSeenAt, now), stillUnclaimed));
  return row?.count ?? 0;
}
