import { and, eq, gte, ilike, inArray, or, sql } from "drizzle-orm";
import { LOW_BATTERY_PERCENT } from "@/domain/devices/battery";
import { notFound } from "@/domain/errors";
import { readingWindowStart, type HourlyReadings } from "@/domain/readings/reading-series";
import { assessBin, compareUrgency, type BinAssessment } from "@/domain/waste/bin-assessment";
import { collectionListCsv } from "@/domain/waste/collection-list";
import { FILL_FIELD, fillRatePerHour, markCollected, predictedFullAt } from "@/domain/waste/fill-level";
import { FILL_TREND_SPAN, fillTrend } from "@/domain/waste/fill-trend";
import type { WasteSettings } from "@/domain/waste/waste-settings";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { resultRows } from "@/server/db/result-rows";
import { binLevels, deviceLocations, deviceProfiles, deviceReadingsHourly, devices } from "@/server/db/schema";
import { containsPattern } from "@/server/db/search";
import { binStatusSql } from "./bin-status-sql";
import { getWasteSettings } from "./waste-settings";

export interface BinOnDashboard {
  deviceId: string;
  name: string;
  devEui: string;
  tags: string[];
  latitude: number | null;
  longitude: number | null;
  fillPercent: number;
  fillAt: Date;
  batteryPercent: number | null;
  lastSeenAt: Date | null;
  collectedAt: Date | null;
  assessment: BinAssessment;
}

const mine = (tenantId: string) => eq(binLevels.tenantId, tenantId);
const withDevice = and(eq(devices.tenantId, binLevels.tenantId), eq(devices.id, binLevels.deviceId));
const withLocation = and(eq(deviceLocations.tenantId, binLevels.tenantId), eq(deviceLocations.deviceId, binLevels.deviceId));

/** Bins with everything the list shows, assessed by the domain's rules. */
async function binsWhere(tx: Database, condition: ReturnType<typeof and>, settings: WasteSettings, now: Date, page?: { order: ReturnType<typeof sql>[]; limit: number; offset: number }) {
  const query = tx
    .select({
      level: binLevels, name: devices.name, devEui: devices.devEui, tags: devices.tags, lastSeenAt: devices.lastSeenAt, batteryLevel: devices.batteryLevel,
      latitude: deviceLocations.latitude, longitude: deviceLocations.longitude,
    })
    .from(binLevels)
    .innerJoin(devices, withDevice)
    .leftJoin(deviceLocations, withLocation)
    .where(condition);
  const rows = await (page ? query.orderBy(...page.order).limit(page.limit).offset(page.offset) : query);
  return rows.map(
    (r): BinOnDashboard => ({
      deviceId: r.level.deviceId, name: r.name, devEui: r.devEui, tags: r.tags, latitude: r.latitude, longitude: r.longitude,
      fillPercent: r.level.fillPercent, fillAt: r.level.fillAt, batteryPercent: r.batteryLevel, lastSeenAt: r.lastSeenAt, collectedAt: r.level.collectedAt,
      assessment: assessBin({ cycle: r.level, lastSeenAt: r.lastSeenAt, batteryPercent: r.batteryLevel }, settings, now),
    }),
  );
}

export interface BinPage { page: number; pageSize: number; search?: string }

/**
 * The dashboard: the team's settings, the counts above the list, and one page of bins, most urgent
 * first (over the threshold, longest over first; then due before the next round; then the rest), each
 * with its fill over the last two days. Counted, ordered and paged in the database (bin-status-sql.ts),
 * so the answer costs one page of rows whatever the number of bins; only that page is read in full,
 * assessed and given its trend (one query for the page).
 */
export async function wasteDashboard(tx: Database, tenantId: string, page: BinPage = { page: 1, pageSize: 25 }, now = new Date()) {
  const settings = await getWasteSettings(tx, tenantId);
  const s = binStatusSql(settings, now);
  const search = page.search?.trim();
  const filter = search
    ? and(mine(tenantId), or(ilike(devices.name, containsPattern(search)), sql`exists (select 1 from unnest(${devices.tags}) as tag where tag ilike ${containsPattern(search)})`))
    : mine(tenantId);
  const [[summary], [matching], bins] = await Promise.all([
    tx
      .select({
        bins: sql<number>`count(*)::int`,
        over: sql<number>`(count(*) filter (where ${s.over}))::int`,
        onCollectionList: sql<number>`(count(*) filter (where ${s.onCollectionList}))::int`,
        lowBattery: sql<number>`(count(*) filter (where ${devices.batteryLevel} < ${LOW_BATTERY_PERCENT}))::int`,
        notReporting: sql<number>`(count(*) filter (where ${s.silent}))::int`,
      })
      .from(binLevels)
      .innerJoin(devices, withDevice)
      .where(mine(tenantId)),
    search ? tx.select({ total: sql<number>`count(*)::int` }).from(binLevels).innerJoin(devices, withDevice).where(filter) : [null],
    binsWhere(tx, filter, settings, now, { order: s.order, limit: page.pageSize, offset: (page.page - 1) * page.pageSize }),
  ]);
  const trends = await fillTrends(tx, tenantId, bins.map((b) => b.deviceId), now);
  return { generatedAt: now, settings, summary: summary!, bins: bins.map((b) => ({ ...b, trend: trends.get(b.deviceId)! })), total: matching?.total ?? summary!.bins };
}

/** These bins' fill trends (domain/waste/fill-trend.ts), from the hourly readings rollup in one query. */
async function fillTrends(tx: Database, tenantId: string, deviceIds: string[], now: Date) {
  const rows = deviceIds.length
    ? await tx
        .select({ deviceId: deviceReadingsHourly.deviceId, hour: deviceReadingsHourly.hour, readings: deviceReadingsHourly.readings, sum: deviceReadingsHourly.sum, min: deviceReadingsHourly.min, max: deviceReadingsHourly.max })
        .from(deviceReadingsHourly)
        .where(and(eq(deviceReadingsHourly.tenantId, tenantId), inArray(deviceReadingsHourly.deviceId, deviceIds), eq(deviceReadingsHourly.field, FILL_FIELD), gte(deviceReadingsHourly.hour, readingWindowStart(now, FILL_TREND_SPAN))))
    : [];
  const hoursOf = new Map<string, HourlyReadings[]>(deviceIds.map((id) => [id, []]));
  for (const row of rows) hoursOf.get(row.deviceId)!.push(row);
  return new Map([...hoursOf].map(([id, hours]) => [id, fillTrend(now, hours)]));
}

/**
 * Every placed bin as the map draws it: where, how full, its marker's colour and its status (the same
 * rules as the list), in as few bytes as the map needs.
 */
export async function wasteMap(tx: Database, tenantId: string, now = new Date()) {
  const s = binStatusSql(await getWasteSettings(tx, tenantId), now);
  const rows = resultRows<{ id: string; name: string; latitude: number; longitude: number; fill: number; band: string; rank: number }>(
    await tx.execute(sql`
      select ${binLevels.deviceId} as id, ${devices.name} as name, ${deviceLocations.latitude} as latitude, ${deviceLocations.longitude} as longitude,
        round(${binLevels.fillPercent})::int as fill, ${s.band} as band, ${s.rank} as rank
      from ${binLevels} join ${devices} on ${withDevice} join ${deviceLocations} on ${withLocation}
      where ${mine(tenantId)}`),
  );
  const statuses = ["over", "due", "ok", "collected"] as const;
  return rows.map((r) => ({ id: r.id, name: r.name, latitude: Number(r.latitude), longitude: Number(r.longitude), fillPercent: Number(r.fill), band: r.band as BinAssessment["band"], status: statuses[Number(r.rank)]! }));
}

/** Stops the dashboard shows (and prints) of today's list; the CSV export has them all. */
export const COLLECTION_LIST_SHOWN = 200;

/**
 * Today's collection list as the dashboard shows it: the first COLLECTION_LIST_SHOWN of the bins over
 * the threshold or due before the next round, most urgent first (ordered in the database), and how
 * many there are in all.
 */
export async function collectionList(tx: Database, tenantId: string, now = new Date()) {
  const settings = await getWasteSettings(tx, tenantId);
  const s = binStatusSql(settings, now);
  const onList = and(mine(tenantId), s.onCollectionList);
  const [stops, [count]] = await Promise.all([
    binsWhere(tx, onList, settings, now, { order: s.order, limit: COLLECTION_LIST_SHOWN, offset: 0 }),
    tx.select({ total: sql<number>`count(*)::int` }).from(binLevels).innerJoin(devices, withDevice).where(onList),
  ]);
  return { generatedAt: now, stops, total: count?.total ?? 0 };
}

/** Today's whole collection list as CSV, most urgent first (the domain's order, which the database's follows). */
export async function collectionListExport(tx: Database, tenantId: string, now = new Date()) {
  const settings = await getWasteSettings(tx, tenantId);
  const stops = await binsWhere(tx, and(mine(tenantId), binStatusSql(settings, now).onCollectionList), settings, now);
  stops.sort((a, b) => compareUrgency({ ...a, id: a.deviceId }, { ...b, id: b.deviceId }));
  return { filename: `collection-list-${now.toISOString().slice(0, 10)}.csv`, csv: collectionListCsv(stops, now) };
}

/**
 * The crew emptied these bins: each starts a new fill cycle now and leaves the collection list until
 * its next reading. A bin's next low reading restarts its cycle by itself too; marking is for the list
 * to be right at once.
 */
export async function markBinsCollected(tx: Database, actor: Actor, tenantId: string, deviceIds: string[], now = new Date()) {
  const rows = await tx
    .select({ level: binLevels, name: devices.name })
    .from(binLevels)
    .innerJoin(devices, withDevice)
    .where(and(mine(tenantId), inArray(binLevels.deviceId, deviceIds)))
    .orderBy(binLevels.deviceId)
    .for("update", { of: binLevels });
  if (rows.length !== new Set(deviceIds).size) throw notFound(deviceIds.length === 1 ? "That bin" : "One of those bins");
  for (const { level } of rows) {
    const cycle = markCollected(level, now);
    await tx
      .update(binLevels)
      .set({ ...cycle, ratePerHour: fillRatePerHour(cycle), fullAt: predictedFullAt(cycle) })
      .where(and(mine(tenantId), eq(binLevels.deviceId, level.deviceId)));
  }
  await recordAudit(tx, actor, {
    tenantId, action: "waste.bins_collected", targetType: "device", targetId: deviceIds.length === 1 ? deviceIds[0] : undefined,
    details: { bins: rows.map((r) => ({ deviceId: r.level.deviceId, name: r.name, fillPercent: r.level.fillPercent })) },
  });
  return { collected: rows.length };
}

/**
 * Whether the tenant gets the waste dashboard: a device reports fill levels, or a profile's codec names
 * fillPercent (so a new waste team sees it before its first bin has spoken).
 */
export async function hasWasteDashboard(tx: Database, tenantId: string) {
  const [row] = resultRows<{ yes: boolean }>(
    await tx.execute(sql`
      select exists (select 1 from ${binLevels} where tenant_id = ${tenantId})
        or exists (select 1 from ${deviceProfiles} where tenant_id = ${tenantId} and codec_source like '%fillPercent%') as yes`),
  );
  return Boolean(row?.yes);
}
