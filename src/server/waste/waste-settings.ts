import { eq, sql } from "drizzle-orm";
import { DEFAULT_WASTE_SETTINGS, type WasteSettings } from "@/domain/waste/waste-settings";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { wasteSettings } from "@/server/db/schema";

export async function getWasteSettings(tx: Database, tenantId: string): Promise<WasteSettings> {
  const [row] = await tx
    .select({ thresholdPercent: wasteSettings.thresholdPercent, roundIntervalHours: wasteSettings.roundIntervalHours, silentAfterHours: wasteSettings.silentAfterHours })
    .from(wasteSettings)
    .where(eq(wasteSettings.tenantId, tenantId));
  return row ?? DEFAULT_WASTE_SETTINGS;
}

/**
 * Saves the waste team's settings. A new threshold also moves every bin's "over since" to the first
 * reading of its current cycle at or above it, read from the cycle's stored events (one index range per
 * bin, since it was last emptied), so "over for 3 h" stays true under the new threshold.
 */
export async function updateWasteSettings(tx: Database, actor: Actor, tenantId: string, settings: WasteSettings) {
  const before = await getWasteSettings(tx, tenantId);
  await tx
    .insert(wasteSettings)
    .values({ tenantId, ...settings, updatedAt: new Date() })
    .onConflictDoUpdate({ target: wasteSettings.tenantId, set: { ...settings, updatedAt: new Date() } });
  if (settings.thresholdPercent !== before.thresholdPercent) {
    await tx.execute(sql`
      update bin_levels b set over_since = (
        select min(e.occurred_at) from device_events e
        where e.tenant_id = b.tenant_id and e.device_id = b.device_id and e.occurred_at >= b.cycle_started_at
          and jsonb_typeof(e.decoded -> 'fillPercent') = 'number' and (e.decoded ->> 'fillPercent')::float8 >= ${settings.thresholdPercent})
      where b.tenant_id = ${tenantId} and b.collected_at is null`);
  }
  const changes = Object.fromEntries(
    (Object.keys(settings) as Array<keyof WasteSettings>).filter((key) => settings[key] !== before[key]).map((key) => [key, { from: before[key], to: settings[key] }]),
  );
  if (Object.keys(changes).length) await recordAudit(tx, actor, { tenantId, action: "waste.settings_changed", targetType: "tenant", targetId: tenantId, details: { changes } });
  return settings;
}
