import { and, eq, inArray, isNull } from "drizzle-orm";
import { withPlatform, type Database } from "@/server/db";
import { binLevels, devices } from "@/server/db/schema";
import { DEMO_DEVICES } from "./demo-network";

const DEMO_BINS = DEMO_DEVICES.filter((d) => d.kind === "bin").map((d) => d.devEui);

/** The demo bins' marked collections, for the traffic simulator (TrafficSimulator.honourCollections). */
export const demoBinsCollected = (db: Database) => markedCollections(db, DEMO_BINS);

/**
 * When the waste team marked each of these bins collected, for bins whose current fill cycle began
 * so (a cycle the sensor's readings began has a first fill; one a collection began has none). The
 * traffic simulator empties them then, as the crew did, so a marked demo bin reads low afterwards.
 */
export async function markedCollections(db: Database, devEuis: readonly string[]): Promise<Map<string, Date>> {
  if (!devEuis.length) return new Map();
  const rows = await withPlatform(db, (tx) =>
    tx
      .select({ devEui: devices.devEui, at: binLevels.cycleStartedAt })
      .from(binLevels)
      .innerJoin(devices, and(eq(devices.tenantId, binLevels.tenantId), eq(devices.id, binLevels.deviceId)))
      .where(and(inArray(devices.devEui, [...devEuis]), isNull(binLevels.startFillPercent))),
  );
  return new Map(rows.map((r) => [r.devEui, r.at]));
}
