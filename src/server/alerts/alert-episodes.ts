import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "@/server/db";
import { alertEpisodes, alertRules, devices } from "@/server/db/schema";

export interface EpisodeFilter { status: "active" | "all"; page: number; pageSize: number }

/** The tenant's alerts, newest first, with their rule and device (null once the device is deleted). */
export async function listAlertEpisodes(tx: Database, tenantId: string, filter: EpisodeFilter) {
  const condition = and(eq(alertEpisodes.tenantId, tenantId), filter.status === "active" ? isNull(alertEpisodes.clearedAt) : undefined);
  const [rows, [count]] = await Promise.all([
    tx
      .select({
        id: alertEpisodes.id, startedAt: alertEpisodes.startedAt, clearedAt: alertEpisodes.clearedAt, value: alertEpisodes.value, message: alertEpisodes.message, emailedAt: alertEpisodes.emailedAt,
        ruleId: alertEpisodes.ruleId, ruleName: alertRules.name, kind: alertRules.kind, deviceId: alertEpisodes.deviceId, deviceName: devices.name,
      })
      .from(alertEpisodes)
      .innerJoin(alertRules, and(eq(alertRules.tenantId, alertEpisodes.tenantId), eq(alertRules.id, alertEpisodes.ruleId)))
      .leftJoin(devices, and(eq(devices.tenantId, alertEpisodes.tenantId), eq(devices.id, alertEpisodes.deviceId)))
      .where(condition)
      .orderBy(sql`${alertEpisodes.clearedAt} is null desc`, desc(alertEpisodes.startedAt), desc(alertEpisodes.id))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    tx.select({ total: sql<number>`count(*)::int` }).from(alertEpisodes).where(condition),
  ]);
  const [active] = await tx.select({ n: sql<number>`count(*)::int` }).from(alertEpisodes).where(and(eq(alertEpisodes.tenantId, tenantId), isNull(alertEpisodes.clearedAt)));
  return { rows, total: count?.total ?? 0, active: active?.n ?? 0 };
}
