import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { NetworkEvent } from "@/domain/lorawan";
import { gatewayDeltas, usageDeltas, type MeteredEvent } from "@/domain/metering/usage-deltas";
import { withPlatform, type Database } from "@/server/db";
import { deviceEvents, deviceProfiles, devices, gatewayHourly, gateways, networkConnections, tenants, unclaimedEvents, usageHourly } from "@/server/db/schema";
import type { DecodeUplink } from "./decode-uplinks";

export interface IngestItem { event: NetworkEvent; connectionId: string }

/**
 * stored: new, metered. duplicate: seen before (a retry), nothing changed. unclaimed: no tenant owns the
 * DevEUI. A suspended tenant's events are stored and metered like any other; `suspended` tells the caller.
 */
export type IngestOutcome = { status: "stored" | "duplicate"; suspended: boolean } | { status: "unclaimed" };

/**
 * Writes one batch of validated events in a single transaction on the platform path (ingestion spans
 * tenants): new events, their hourly usage, device and gateway state, unclaimed traffic. Every write is
 * keyed on the network server's deduplication id, so replaying a batch changes nothing. Rows are
 * written in key order so concurrent batches (several web processes or workers) cannot deadlock.
 */
export async function storeEvents(db: Database, items: readonly IngestItem[], decode: DecodeUplink): Promise<IngestOutcome[]> {
  return withPlatform(db, async (tx) => {
    const owners = await findOwners(tx, [...new Set(items.map((i) => i.event.devEui))]);
    const outcomes: IngestOutcome[] = new Array(items.length);
    const claimed: Array<{ index: number; owner: Owner; event: NetworkEvent }> = [];
    const unclaimed: NetworkEvent[] = [];
    const inBatch = new Set<string>();
    items.forEach(({ event }, index) => {
      const owner = owners.get(event.devEui);
      if (!owner) {
        outcomes[index] = { status: "unclaimed" };
        unclaimed.push(event);
      } else if (inBatch.has(`${owner.tenantId}|${event.dedupKey}`)) {
        // The same event twice in one batch (two workers, a fast retry): the first copy speaks for both.
        outcomes[index] = { status: "duplicate", suspended: owner.tenantStatus === "suspended" };
      } else {
        inBatch.add(`${owner.tenantId}|${event.dedupKey}`);
        claimed.push({ index, owner, event });
      }
    });

    const decoded = await decode(claimed.map(({ owner, event }) => ({ event, codecSource: owner.codecSource })));
    const rows = claimed
      .map(({ owner, event }, i) => ({ owner, event, row: eventRow(owner, event, decoded[i]!) }))
      .sort((a, b) => compare(`${a.row.tenantId}|${a.row.dedupKey}`, `${b.row.tenantId}|${b.row.dedupKey}`));
    const inserted = rows.length
      ? await tx.insert(deviceEvents).values(rows.map((r) => r.row)).onConflictDoNothing().returning({ tenantId: deviceEvents.tenantId, dedupKey: deviceEvents.dedupKey })
      : [];
    const isNew = new Set(inserted.map((r) => `${r.tenantId}|${r.dedupKey}`));
    const fresh = rows.filter((r) => isNew.has(`${r.row.tenantId}|${r.row.dedupKey}`));
    for (const { index, owner, event } of claimed) {
      outcomes[index] = { status: isNew.has(`${owner.tenantId}|${event.dedupKey}`) ? "stored" : "duplicate", suspended: owner.tenantStatus === "suspended" };
    }

    await addUsage(tx, fresh.map(({ owner, event }) => metered(owner, event)));
    await updateDeviceState(tx, fresh.map((r) => ({ owner: r.owner, event: r.event })));
    const newUnclaimed = await recordUnclaimed(tx, unclaimed);
    await updateGateways(tx, [...fresh.map((r) => r.event), ...newUnclaimed]);
    await tx
      .update(networkConnections)
      .set({ lastEventAt: new Date() })
      .where(inArray(networkConnections.id, [...new Set(items.map((i) => i.connectionId))]));
    return outcomes;
  });
}

interface Owner { tenantId: string; deviceId: string; tenantStatus: string; codecSource: string | null }

/** Devices of closed tenants are released: their traffic is unclaimed again. */
async function findOwners(tx: Database, devEuis: string[]) {
  const rows = devEuis.length
    ? await tx
        .select({ devEui: devices.devEui, tenantId: devices.tenantId, deviceId: devices.id, tenantStatus: tenants.status, codecSource: deviceProfiles.codecSource })
        .from(devices)
        .innerJoin(tenants, eq(tenants.id, devices.tenantId))
        .leftJoin(deviceProfiles, and(eq(deviceProfiles.tenantId, devices.tenantId), eq(deviceProfiles.id, devices.profileId)))
        .where(and(inArray(devices.devEui, devEuis), ne(tenants.status, "closed")))
    : [];
  return new Map<string, Owner>(rows.map((r) => [r.devEui, r]));
}

function eventRow(owner: Owner, event: NetworkEvent, decoded: { data: Record<string, unknown> | null; error: string | null }) {
  return {
    tenantId: owner.tenantId,
    deviceId: owner.deviceId,
    dedupKey: event.dedupKey,
    kind: event.kind,
    occurredAt: event.occurredAt,
    fCnt: event.fCnt,
    fPort: event.fPort,
    payload: event.payload ? Buffer.from(event.payload) : null,
    payloadBytes: event.payloadBytes,
    phyBytes: event.phyBytes,
    airtimeMs: event.airtimeMs,
    spreadingFactor: event.radio?.spreadingFactor ?? null,
    bandwidthHz: event.radio?.bandwidthHz ?? null,
    frequencyHz: event.radio?.frequencyHz ?? null,
    gatewayCount: event.gateways.length,
    rssi: event.bestRssi,
    snr: event.bestSnr,
    credits: event.credits,
    decoded: decoded.data,
    decodeError: decoded.error,
    details: eventDetails(event),
  };
}

/** What the history view needs beyond the columns: per-gateway reception and the occasional log or location. */
function eventDetails(event: NetworkEvent): Record<string, unknown> | null {
  const details: Record<string, unknown> = {};
  if (event.gateways.length) details.gateways = event.gateways.map((g) => ({ eui: g.gatewayEui, rssi: g.rssi, snr: g.snr }));
  if (event.log) details.log = event.log;
  if (event.location) details.location = event.location;
  if (event.batteryLevel !== null) details.batteryLevel = event.batteryLevel;
  if (event.airtimeSource) details.airtimeSource = event.airtimeSource;
  return Object.keys(details).length ? details : null;
}

function metered(owner: Owner, event: NetworkEvent): MeteredEvent {
  return {
    tenantId: owner.tenantId,
    deviceId: owner.deviceId,
    kind: event.kind,
    occurredAt: event.occurredAt,
    payloadBytes: event.payloadBytes,
    phyBytes: event.phyBytes,
    credits: event.credits,
    airtimeMs: event.airtimeMs,
    gatewayEuis: event.gateways.map((g) => g.gatewayEui),
  };
}

async function addUsage(tx: Database, events: MeteredEvent[]) {
  const deltas = usageDeltas(events).sort((a, b) => compare(`${a.tenantId}|${a.hour.toISOString()}|${a.deviceId}`, `${b.tenantId}|${b.hour.toISOString()}|${b.deviceId}`));
  if (!deltas.length) return;
  await tx
    .insert(usageHourly)
    .values(deltas)
    .onConflictDoUpdate({
      target: [usageHourly.tenantId, usageHourly.hour, usageHourly.deviceId],
      set: {
        uplinks: sql`${usageHourly.uplinks} + excluded.uplinks`,
        downlinks: sql`${usageHourly.downlinks} + excluded.downlinks`,
        joins: sql`${usageHourly.joins} + excluded.joins`,
        payloadBytes: sql`${usageHourly.payloadBytes} + excluded.payload_bytes`,
        phyBytes: sql`${usageHourly.phyBytes} + excluded.phy_bytes`,
        credits: sql`${usageHourly.credits} + excluded.credits`,
        airtimeMs: sql`${usageHourly.airtimeMs} + excluded.airtime_ms`,
        gatewayReceptions: sql`${usageHourly.gatewayReceptions} + excluded.gateway_receptions`,
      },
    });
}

/** Last seen, frame counter, signal and battery: from each device's newest new event in the batch. */
async function updateDeviceState(tx: Database, fresh: Array<{ owner: Owner; event: NetworkEvent }>) {
  const newest = new Map<string, { owner: Owner; event: NetworkEvent; battery: number | null }>();
  for (const item of fresh) {
    const key = `${item.owner.tenantId}|${item.owner.deviceId}`;
    const current = newest.get(key);
    const battery = item.event.batteryLevel ?? current?.battery ?? null;
    if (!current || item.event.occurredAt >= current.event.occurredAt) newest.set(key, { ...item, battery });
    else if (item.event.batteryLevel !== null) current.battery = item.event.batteryLevel;
  }
  const values = [...newest.entries()].sort(([a], [b]) => compare(a, b)).map(([, { owner, event, battery }]) => {
    const isUplink = event.kind === "uplink";
    return sql`(${owner.tenantId}::uuid, ${owner.deviceId}::uuid, ${event.occurredAt.toISOString()}::timestamptz, ${isUplink ? event.fCnt : null}::bigint, ${isUplink ? event.bestRssi : null}::real, ${isUplink ? event.bestSnr : null}::real, ${battery}::real)`;
  });
  if (!values.length) return;
  await tx.execute(sql`
    update ${devices} d set
      last_seen_at = greatest(d.last_seen_at, v.seen),
      last_f_cnt = coalesce(v.f_cnt, d.last_f_cnt),
      last_rssi = coalesce(v.rssi, d.last_rssi),
      last_snr = coalesce(v.snr, d.last_snr),
      battery_level = coalesce(v.battery, d.battery_level)
    from (values ${sql.join(values, sql`, `)}) as v(tenant_id, id, seen, f_cnt, rssi, snr, battery)
    where d.tenant_id = v.tenant_id and d.id = v.id and (d.last_seen_at is null or v.seen >= d.last_seen_at)`);
}

async function recordUnclaimed(tx: Database, events: NetworkEvent[]) {
  const unique = [...new Map(events.map((e) => [e.dedupKey, e])).values()].sort((a, b) => compare(a.dedupKey, b.dedupKey));
  if (!unique.length) return [];
  const inserted = await tx
    .insert(unclaimedEvents)
    .values(
      unique.map((e) => ({
        dedupKey: e.dedupKey, devEui: e.devEui, kind: e.kind, source: e.source, occurredAt: e.occurredAt,
        rssi: e.bestRssi, snr: e.bestSnr, gatewayEui: e.gateways[0]?.gatewayEui ?? null, payloadBytes: e.payloadBytes,
      })),
    )
    .onConflictDoNothing()
    .returning({ dedupKey: unclaimedEvents.dedupKey });
  const isNew = new Set(inserted.map((r) => r.dedupKey));
  return unique.filter((e) => isNew.has(e.dedupKey));
}

/** Gateways heard for the first time appear in the operator's list, named by their EUI until renamed. */
async function updateGateways(tx: Database, events: NetworkEvent[]) {
  const lastSeen = new Map<string, Date>();
  for (const event of events) {
    for (const g of event.gateways) {
      const seen = g.receivedAt ?? event.occurredAt;
      if (!lastSeen.has(g.gatewayEui) || seen > lastSeen.get(g.gatewayEui)!) lastSeen.set(g.gatewayEui, seen);
    }
  }
  if (!lastSeen.size) return;
  const heard = [...lastSeen.entries()].sort(([a], [b]) => compare(a, b));
  await tx
    .insert(gateways)
    .values(heard.map(([gatewayEui, seen]) => ({ gatewayEui, name: `Gateway ${gatewayEui}`, lastSeenAt: seen })))
    .onConflictDoUpdate({ target: gateways.gatewayEui, set: { lastSeenAt: sql`greatest(${gateways.lastSeenAt}, excluded.last_seen_at)` } });
  const deltas = gatewayDeltas(events.map((e) => ({ kind: e.kind, occurredAt: e.occurredAt, gatewayEuis: e.gateways.map((g) => g.gatewayEui) })))
    .sort((a, b) => compare(`${a.gatewayEui}|${a.hour.toISOString()}`, `${b.gatewayEui}|${b.hour.toISOString()}`));
  if (deltas.length) {
    await tx.insert(gatewayHourly).values(deltas).onConflictDoUpdate({
      target: [gatewayHourly.gatewayEui, gatewayHourly.hour],
      set: { uplinks: sql`${gatewayHourly.uplinks} + excluded.uplinks` },
    });
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
