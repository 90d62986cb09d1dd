import { asc, eq } from "drizzle-orm";
import { withPlatform, type Database } from "@/server/db";
import { deviceEvents, forwardDeliveries } from "@/server/db/schema";

type DeliveryFields = Omit<typeof forwardDeliveries.$inferInsert, "tenantId" | "id" | "forwarderId">;

/** The ids of a device's stored events, oldest first. */
export async function eventIdsOf(db: Database, deviceId: string) {
  const rows = await withPlatform(db, (tx) => tx.select({ id: deviceEvents.id }).from(deviceEvents).where(eq(deviceEvents.deviceId, deviceId)).orderBy(asc(deviceEvents.id)));
  return rows.map((r) => r.id);
}

/**
 * Deliveries of a forwarder in whatever state a test needs (failed after all retries, delivered a day
 * ago…), written directly rather than by the worker; returns their ids in the order given. Events stored
 * before the forwarder was created have nothing queued for it, so its deliveries are exactly these.
 */
export async function insertDeliveries(db: Database, tenantId: string, forwarderId: string, deliveries: DeliveryFields[]) {
  const rows = await withPlatform(db, (tx) =>
    tx.insert(forwardDeliveries).values(deliveries.map((d) => ({ ...d, tenantId, forwarderId }))).returning({ id: forwardDeliveries.id }),
  );
  return rows.map((r) => r.id);
}
