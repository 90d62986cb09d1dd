import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../test/database";
import { addMember, callerFor, createTenant, createTenantWithTeam, createUser } from "../../../test/factories";
import { registerDevice } from "../../../test/network-traffic";
import { withPlatform } from "@/server/db";
import { eq, sql } from "drizzle-orm";
import { countWhere, outer, sumWhere } from "@/server/db/correlated";
import { deviceProfiles, devices, tenants, usageHourly } from "@/server/db/schema";

/**
 * Every list that shows a count per row computes it with a correlated subquery. Each test gives the
 * counted rows the shape that a subquery comparing its own table's columns with themselves would
 * count differently (ids that are not the tenant's, devices without a profile, other tenants' rows).
 */
const database = useTestDatabase();

const profileRow = (tenantId: string, name: string) => ({ tenantId, name, region: "EU868", macVersion: "1.0.3" });

describe("counts per row", () => {
  it("device profiles list how many of the tenant's devices use each", async () => {
    const team = await createTenantWithTeam(database.db);
    const [bins, parking] = await withPlatform(database.db, (tx) =>
      tx.insert(deviceProfiles).values([profileRow(team.tenant.id, "Bins"), profileRow(team.tenant.id, "Parking"), profileRow(team.tenant.id, "Unused")]).returning(),
    );
    const device = (profileId: string | null) => ({ tenantId: team.tenant.id, devEui: randomUUID().replaceAll("-", "").slice(0, 16), name: "sensor", activation: "otaa" as const, profileId });
    await withPlatform(database.db, (tx) => tx.insert(devices).values([device(bins!.id), device(bins!.id), device(bins!.id), device(parking!.id), device(null)]));

    const listed = await callerFor(database.db, team.viewer.id, team.tenant.slug).deviceProfiles.list();
    expect(Object.fromEntries(listed.map((p) => [p.name, p.devices]))).toEqual({ Bins: 3, Parking: 1, Unused: 0 });
  });

  it("the operator's tenant list counts each tenant's members", async () => {
    const operator = callerFor(database.db, (await createUser(database.db, { platformRole: "operator" })).id);
    const crowded = await createTenantWithTeam(database.db);
    const alone = await createTenant(database.db);
    await addMember(database.db, alone.id, (await createUser(database.db)).id, "owner");
    const rows = (await operator.tenants.list({ page: 1, pageSize: 100, search: crowded.tenant.slug })).rows;
    expect(rows.map((t) => [t.id, t.members])).toEqual([[crowded.tenant.id, 4]]);
    const lonely = (await operator.tenants.list({ page: 1, pageSize: 100, search: alone.slug })).rows;
    expect(lonely.map((t) => t.members)).toEqual([1]);
  });

  it("the billing dashboard counts each of the busiest tenants' registered devices", async () => {
    const billing = callerFor(database.db, (await createUser(database.db, { platformRole: "billing" })).id);
    const big = await createTenant(database.db);
    const small = await createTenant(database.db);
    const bigDevices = [await registerDevice(database.db, big.id), await registerDevice(database.db, big.id), await registerDevice(database.db, big.id)];
    const smallDevice = await registerDevice(database.db, small.id);
    // Busier this month than any other test's tenant, so both are among the tenants the dashboard lists.
    const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    await withPlatform(database.db, (tx) =>
      tx.insert(usageHourly).values([
        { tenantId: big.id, deviceId: bigDevices[0]!.id, hour, uplinks: 2_000_000 },
        { tenantId: small.id, deviceId: smallDevice.id, hour, uplinks: 1_000_000 },
      ]),
    );
    const { traffic } = await billing.incomeReports.dashboard();
    expect(traffic.busiest.slice(0, 2).map((t) => [t.tenantId, t.registeredDevices])).toEqual([[big.id, 3], [small.id, 1]]);
    expect(traffic.tenants).toBeGreaterThanOrEqual(2);
  });
});

describe("countWhere / sumWhere with outer()", () => {
  it("bind the outer row's column even when the outer query reads one table whose column names the inner table shares", async () => {
    const tenant = await createTenant(database.db);
    const [first, second] = [await registerDevice(database.db, tenant.id), await registerDevice(database.db, tenant.id)];
    const hour = new Date(Date.UTC(2003, 4, 1, 10));
    await withPlatform(database.db, (tx) =>
      tx.insert(usageHourly).values([
        { tenantId: tenant.id, deviceId: first.id, hour, uplinks: 5 },
        { tenantId: tenant.id, deviceId: second.id, hour, uplinks: 2 },
      ]),
    );
    const [row] = await withPlatform(database.db, (tx) =>
      tx
        .select({
          devices: countWhere(devices, eq(devices.tenantId, outer(tenants.id))),
          uplinks: sumWhere(usageHourly.uplinks, eq(usageHourly.tenantId, outer(tenants.id))),
          // What the subqueries looked like before: `tenants.id` is written bare, so it binds to devices.id.
          unqualified: sql<number>`(select count(*)::int from ${devices} d where d.tenant_id = ${tenants.id})`,
        })
        .from(tenants)
        .where(eq(tenants.id, tenant.id)),
    );
    expect(row).toEqual({ devices: 2, uplinks: 7, unqualified: 0 });
  });
});
