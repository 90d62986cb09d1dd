import { eq, sql } from "drizzle-orm";
import { conflict } from "@/domain/errors";
import type { Database } from "@/server/db";
import { devices, tenants } from "@/server/db/schema";
import { provisioningEnabled } from "./sync-states";

/** What closing a tenant removes from the network server, for the confirmation that names it. */
export async function closureImpact(tx: Database, tenantId: string) {
  const [row] = await tx.select({ devices: sql<number>`count(*)::int` }).from(devices).where(eq(devices.tenantId, tenantId));
  return { devices: row?.devices ?? 0, managed: await provisioningEnabled(tx) };
}

/**
 * Closing removes the tenant's devices from the managed network server, so the operator must confirm
 * how many; if the number changed since the dialog was opened (a device was registered meanwhile), the
 * close is refused and the new number named.
 */
export async function assertClosureConfirmed(tx: Database, tenantId: string, devicesToRemove: number | undefined) {
  const impact = await closureImpact(tx, tenantId);
  if (!impact.managed || devicesToRemove === impact.devices) return;
  const [tenant] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
  const named = `${impact.devices} device${impact.devices === 1 ? "" : "s"}`;
  throw conflict(
    devicesToRemove === undefined
      ? `Closing ${tenant?.name ?? "this tenant"} removes its ${named} from the network server; confirm that number to close it.`
      : `${tenant?.name ?? "This tenant"} now has ${named}, not ${devicesToRemove}; closing removes all of them from the network server. Confirm again.`,
  );
}
