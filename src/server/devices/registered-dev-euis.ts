import { inArray } from "drizzle-orm";
import { withPlatform, type Database } from "@/server/db";
import { devices } from "@/server/db/schema";

/**
 * Which of these DevEUIs are registered anywhere on the network. This crosses tenants (a tenant cannot
 * see other tenants' devices), so it answers only yes or no per DevEUI: never who owns it. The unique
 * index would refuse those DevEUIs anyway; asking first lets an import preview say so row by row.
 */
export async function findRegisteredDevEuis(db: Database, devEuis: readonly string[]): Promise<Set<string>> {
  const registered = new Set<string>();
  const unique = [...new Set(devEuis)];
  for (let i = 0; i < unique.length; i += 1000) {
    const chunk = unique.slice(i, i + 1000);
    const rows = await withPlatform(db, (tx) => tx.select({ devEui: devices.devEui }).from(devices).where(inArray(devices.devEui, chunk)));
    for (const row of rows) registered.add(row.devEui);
  }
  return registered;
}
