import { and, eq, inArray, sql } from "drizzle-orm";
import { assessBin, compareUrgency, type BinAssessment } from "@/domain/waste/bin-assessment";
import { collectionListCsv } from "@/domain/waste/collection-list";
import { markCollected as collected, type FillCycle } from "@/domain/waste/fill-level";
import { notFound } from "@/domain/errors";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { resultRows } from "@/server/db/result-rows";
import { binLevels, deviceLocations, devices, deviceProfiles } from "@/server/db/schema";
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

/**
 * Every bin of the tenant with what the waste team needs about it, most urgent first, and the counts
 * above the list. Read from bin_levels (kept by ingestion) with each bin's device and location: one
 * row per bin, whatever the number of readings stored.
 */
export async function wasteDashboard(tx: Database, tenantId: string, now = new Date()) {
  const [settings, rows] = await Promise.all([
    getWasteSettings(tx, tenantId),
    tx
      .select({
        level: binLevels, name: devices.name, devEui: devices.devEui, tags: devices.tags, lastSeenAt: devices.lastSeenAt, batteryLevel: devices.batteryLevel,
        latitude: deviceLocations.latitude, longitude: deviceLocations.longitude,
      })
      .from(binLevels)
      .innerJoin(devices, and(eq(devices.tenantId, binLevels.tenantId), eq(devices.id, binLevels.deviceId)))
      .leftJoin(deviceLocations, and(eq(deviceLocations.tenantId, binLevels.tenantId), eq(deviceLocations.deviceId, binLevels.deviceId)))
      .where(eq(binLevels.tenantId, tenantId)),
  ]);
  const bins: BinOnDashboard[] = rows
    .map((r) => ({
      deviceId: r.level.deviceId, name: r.name, devEui: r.devEui, tags: r.tags, latitude: r.latitude, longitude: r.longitude,
      fillPercent: r.level.fillPercent, fillAt: r.level.fillAt, batteryPercent: r.batteryLevel, lastSeenAt: r.lastSeenAt, collectedAt: r.level.collectedAt,
      assessment: assessBin({ cycle: r.level, lastSeenAt: r.lastSeenAt, batteryPercent: r.batteryLevel }, settings, now),
    }))
    .sort(compareUrgency);
  const count = (test: (b: BinOnDashboard) => boolean) => bins.filter(test).length;
  return {
    generatedAt: now,
    settings,
    bins,
    summary: {
      bins: bins.length,
      over: count((b) => b.assessment.status === "over"),
      onCollectionList: count((b) => b.assessment.onCollectionList),
      lowBattery: count((b) => b.assessment.lowBattery),
      notReporting: count((b) => b.assessment.silentForHours !== null),
    },
  };
}

/** Today's collection list as CSV, in the dashboard's order. */
export async function collectionListExport(tx: Database, tenantId: string, now = new Date()) {
  const { bins } = await wasteDashboard(tx, tenantId, now);
  return {
    filename: `collection-list-${now.toISOString().slice(0, 10)}.csv`,
    csv: collectionListCsv(bins.filter((b) => b.assessment.onCollectionList), now),
  };
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
    .innerJoin(devices, and(eq(devices.tenantId, binLevels.tenantId), eq(devices.id, binLevels.deviceId)))
    .where(and(eq(binLevels.tenantId, tenantId), inArray(binLevels.deviceId, deviceIds)))
    .orderBy(binLevels.deviceId)
    .for("update", { of: binLevels });
  if (rows.length !== new Set(deviceIds).size) throw notFound(deviceIds.length === 1 ? "That bin" : "One of those bins");
  for (const { level } of rows) {
    const cycle: FillCycle = collected(level, now);
    await tx.update(binLevels).set(cycle).where(and(eq(binLevels.tenantId, tenantId), eq(binLevels.deviceId, level.deviceId)));
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
