import { sql, type SQL } from "drizzle-orm";
import type { WasteSettings } from "@/domain/waste/waste-settings";
import { binLevels, devices } from "@/server/db/schema";

const HOUR_MS = 3_600_000;
/** Below this a bin's marker is green (domain/waste/bin-assessment.ts says the same). */
const MEDIUM_FROM_PERCENT = 50;

/**
 * The waste dashboard's rules (assessBin and compareUrgency in domain/waste/bin-assessment.ts) as SQL
 * over bin_levels joined with devices, so a tenant's bins can be counted, ordered and paged in the
 * database instead of read in full. api/__tests__/waste.test.ts checks that both say the same of
 * every bin.
 */
export function binStatusSql(settings: WasteSettings, now: Date) {
  const nextRound = new Date(now.getTime() + settings.roundIntervalHours * HOUR_MS).toISOString();
  const silentBefore = new Date(now.getTime() - settings.silentAfterHours * HOUR_MS).toISOString();
  const collected = sql`${binLevels.collectedAt} is not null`;
  const over = sql`(${binLevels.collectedAt} is null and ${binLevels.fillPercent} >= ${settings.thresholdPercent})`;
  const due = sql`(${binLevels.collectedAt} is null and ${binLevels.fillPercent} < ${settings.thresholdPercent} and ${binLevels.fullAt} <= ${nextRound}::timestamptz)`;
  const silent = sql`(greatest(${devices.lastSeenAt}, ${binLevels.fillAt}) < ${silentBefore}::timestamptz)`;
  const rank = sql<number>`(case when ${collected} then 3 when ${over} then 0 when ${due} then 1 else 2 end)`;
  const band = sql<"low" | "medium" | "high" | "stale">`(case when ${silent} then 'stale' when ${collected} or ${binLevels.fillPercent} < ${MEDIUM_FROM_PERCENT} then 'low' when ${over} then 'high' else 'medium' end)`;
  const order: SQL[] = [
    sql`${rank}`,
    sql`case when ${over} then coalesce(${binLevels.overSince}, ${binLevels.fillAt}) end asc nulls last`,
    sql`${binLevels.fullAt} asc nulls last`,
    sql`${binLevels.fillPercent} desc`,
    sql`${binLevels.deviceId} asc`,
  ];
  return { over, due, silent, rank, band, order, onCollectionList: sql`(${over} or ${due})` };
}
