import { and, asc, desc, eq, gt, max, sql } from "drizzle-orm";
import { toHex } from "@/domain/devices";
import type { Database } from "@/server/db";
import { deviceEvents, devices } from "@/server/db/schema";
import { deviceRow } from "./device-queries";

/** Newest-first position in a device's history: events strictly older than this come next. */
export interface HistoryCursor { occurredAt: Date; id: number }

interface GatewaySeen { eui: string; rssi: number | null; snr: number | null }

const eventColumns = {
  id: deviceEvents.id, deviceId: deviceEvents.deviceId, kind: deviceEvents.kind, occurredAt: deviceEvents.occurredAt, receivedAt: deviceEvents.receivedAt,
  fCnt: deviceEvents.fCnt, fPort: deviceEvents.fPort, payload: deviceEvents.payload, payloadBytes: deviceEvents.payloadBytes,
  rssi: deviceEvents.rssi, snr: deviceEvents.snr, spreadingFactor: deviceEvents.spreadingFactor, bandwidthHz: deviceEvents.bandwidthHz,
  frequencyHz: deviceEvents.frequencyHz, gatewayCount: deviceEvents.gatewayCount, airtimeMs: deviceEvents.airtimeMs, credits: deviceEvents.credits,
  decoded: deviceEvents.decoded, decodeError: deviceEvents.decodeError, details: deviceEvents.details, clockSkew: deviceEvents.clockSkew,
};

type EventRow = Pick<typeof deviceEvents.$inferSelect, keyof typeof eventColumns>;

/**
 * An event as the history table shows it: the payload as hex, gateways from the stored details, and
 * for a clock-skewed event the time the network server reported (its occurredAt is our receive time).
 */
function present({ payload, details, ...event }: EventRow) {
  const gateways = (details?.gateways as GatewaySeen[] | undefined) ?? [];
  const reportedAt = typeof details?.reportedAt === "string" ? new Date(details.reportedAt) : null;
  return { ...event, payloadHex: toHex(payload), gateways, log: (details?.log as { level: string; code: string; description: string } | undefined) ?? null, reportedAt };
}
export type DeviceEventView = ReturnType<typeof present>;

/** A page of one device's events, newest first, continuing after `cursor`. */
export async function deviceHistory(tx: Database, tenantId: string, deviceId: string, opts: { cursor?: HistoryCursor | null; limit: number }) {
  await deviceRow(tx, tenantId, deviceId);
  const { cursor, limit } = opts;
  const rows = await tx
    .select(eventColumns)
    .from(deviceEvents)
    .where(
      and(
        eq(deviceEvents.tenantId, tenantId),
        eq(deviceEvents.deviceId, deviceId),
        cursor ? sql`(${deviceEvents.occurredAt}, ${deviceEvents.id}) < (${cursor.occurredAt.toISOString()}::timestamptz, ${cursor.id}::bigint)` : undefined,
      ),
    )
    .orderBy(desc(deviceEvents.occurredAt), desc(deviceEvents.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { events: page.map(present), nextCursor: rows.length > limit && last ? { occurredAt: last.occurredAt, id: last.id } : null };
}

/**
 * Events stored after `afterId` (ids grow as events arrive), oldest first, for a page that polls.
 * Without `afterId` it returns no events and the cursor to start polling from.
 */
export async function liveEvents(tx: Database, tenantId: string, deviceId: string, opts: { afterId?: number | null; limit: number }) {
  await deviceRow(tx, tenantId, deviceId);
  const mine = and(eq(deviceEvents.tenantId, tenantId), eq(deviceEvents.deviceId, deviceId));
  if (opts.afterId === undefined || opts.afterId === null) {
    const [row] = await tx.select({ latest: max(deviceEvents.id) }).from(deviceEvents).where(mine);
    return { events: [], cursor: Number(row?.latest ?? 0) };
  }
  const rows = await tx.select(eventColumns).from(deviceEvents).where(and(mine, gt(deviceEvents.id, opts.afterId))).orderBy(asc(deviceEvents.id)).limit(opts.limit);
  return { events: rows.map(present), cursor: rows.at(-1)?.id ?? opts.afterId };
}

/** The tenant's latest events across devices, for the overview. Deleted devices' events show without a name. */
export async function recentTenantEvents(tx: Database, tenantId: string, limit: number) {
  const rows = await tx
    .select({ ...eventColumns, deviceName: devices.name })
    .from(deviceEvents)
    .leftJoin(devices, and(eq(devices.tenantId, deviceEvents.tenantId), eq(devices.id, deviceEvents.deviceId)))
    .where(eq(deviceEvents.tenantId, tenantId))
    .orderBy(desc(deviceEvents.occurredAt), desc(deviceEvents.id))
    .limit(limit);
  return rows.map(({ deviceName, ...event }) => ({ ...present(event), deviceName }));
}
