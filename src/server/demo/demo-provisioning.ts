import { eq, sql } from "drizzle-orm";
import { withPlatform, type Database } from "@/server/db";
import { devices, gateways, networkManagement, tenants } from "@/server/db/schema";
import { queueJobs } from "@/server/provisioning/queue-jobs";
import { DEMO_CONNECTION } from "./demo-network";

/**
 * The demo's network server is the simulated one: unless a network server is managed already, the demo
 * connection is, and everything seeded so far is queued for provisioning (what the database queues
 * by itself from then on), so the demo shows each device in sync and what ChirpStack would hold.
 */
export async function manageDemoNetwork(db: Database) {
  await withPlatform(db, async (tx) => {
    const [managed] = await tx.select({ id: networkManagement.connectionId }).from(networkManagement);
    if (managed) return;
    await tx.insert(networkManagement).values({ connectionId: DEMO_CONNECTION.id, kind: "simulated" });
    const allTenants = await tx.select({ id: tenants.id }).from(tenants).where(sql`${tenants.status} <> 'closed'`);
    const allDevices = await tx.select({ tenantId: devices.tenantId, id: devices.id, devEui: devices.devEui }).from(devices).innerJoin(tenants, eq(tenants.id, devices.tenantId)).where(sql`${tenants.status} <> 'closed'`);
    // Every gateway the council runs, hosted by a tenant or not, lives under the council's tenant.
    const councilGateways = await tx.select({ gatewayEui: gateways.gatewayEui }).from(gateways);
    await queueJobs(tx, [
      ...allTenants.map((t) => ({ tenantId: t.id, subject: "tenant" as const, subjectId: t.id, reason: "demo" })),
      ...allDevices.map((d) => ({ tenantId: d.tenantId, subject: "device" as const, subjectId: d.id, devEui: d.devEui, reason: "demo" })),
      ...councilGateways.map((g) => ({ tenantId: null, subject: "gateway" as const, subjectId: g.gatewayEui, reason: "demo" })),
    ]);
  });
}
