import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../../test/database";
import { otaaDevice, randomEui } from "../../../../test/device-fixtures";
import { callerFor, createTenantWithTeam, teamCaller, type TestTeam } from "../../../../test/factories";
import type { TenantRole } from "@/domain/tenancy/roles";
import { drainProvisioning, manageNetwork, stopManaging } from "../../../../test/provisioning";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { plans, provisioningOrganisations, simulatedNetworkObjects, tenantBilling } from "@/server/db/schema";

let handle: DatabaseHandle;
let db: Database;
let operatorId: string;
let connectionId: string;

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  ({ connectionId, operator: { id: operatorId } } = await manageNetwork(db, "simulated"));
});
afterAll(async () => {
  await stopManaging(db);
  await handle.close();
});

const as = (team: TestTeam, role?: TenantRole) => teamCaller(db, team, role);
const simulated = (kind: string, id: string) =>
  withPlatform(db, async (tx) => (await tx.select().from(simulatedNetworkObjects).where(and(eq(simulatedNetworkObjects.connectionId, connectionId), eq(simulatedNetworkObjects.kind, kind), eq(simulatedNetworkObjects.id, id))))[0]);

describe("the simulated network server (the embedded default)", () => {
  it("holds what ChirpStack would: the tenant with its plan's limit, the device in its application, keys encrypted, disabled while suspended", async () => {
    const team = await createTenantWithTeam(db);
    const [plan] = await withPlatform(db, (tx) => tx.insert(plans).values({ name: `Two devices ${team.tenant.slug}`, kind: "standard", maxDevices: 2, maxGateways: 0 }).returning());
    await withPlatform(db, (tx) => tx.insert(tenantBilling).values({ tenantId: team.tenant.id, planId: plan!.id }));
    const first = otaaDevice("First");
    const { id } = await as(team).devices.register(first);
    await drainProvisioning(db);

    const [organisation] = await withPlatform(db, (tx) => tx.select().from(provisioningOrganisations).where(eq(provisioningOrganisations.tenantId, team.tenant.id)));
    expect((await simulated("tenant", organisation!.remoteTenantId))!.data).toMatchObject({ name: team.tenant.name, maxDevices: 2, canHaveGateways: false });
    const device = (await simulated("device", first.devEui))!;
    expect(device.parentId).toBe(organisation!.remoteApplicationId);
    expect(device.data).toMatchObject({ name: "First", disabled: false, secretsEnc: expect.stringMatching(/^v1:/) });
    expect(JSON.stringify(device)).not.toContain(first.appKey);
    expect((await as(team, "viewer").deviceSync.states({ deviceIds: [id] }))[id]!.state).toBe("in_sync");

    // The plan's limit holds on the network server as ChirpStack's would.
    const { id: secondId } = await as(team).devices.register(otaaDevice("Second"));
    const { id: thirdId } = await as(team).devices.register(otaaDevice("Third"));
    await drainProvisioning(db);
    // Applied in parallel, either may be the one too many; exactly one is.
    const states = Object.values(await as(team, "viewer").deviceSync.states({ deviceIds: [secondId, thirdId] }));
    expect(states.map((s) => s.state).sort()).toEqual(["failed", "in_sync"]);
    expect(states.find((s) => s.state === "failed")!.error).toContain("Max number of devices exceeded");

    await callerFor(db, operatorId).tenants.setStatus({ tenantId: team.tenant.id, status: "suspended" });
    // The suspension's jobs are counted until applied, so the operator's page knows to look again soon.
    expect((await callerFor(db, operatorId).provisioning.tenantNetwork({ tenantId: team.tenant.id })).pendingJobs).toBeGreaterThan(0);
    await drainProvisioning(db);
    expect((await simulated("device", first.devEui))!.data.disabled).toBe(true);
    const network = await callerFor(db, operatorId).provisioning.tenantNetwork({ tenantId: team.tenant.id });
    expect(network).toMatchObject({ kind: "simulated", total: 2, pendingJobs: 0 });
    expect(network.devices.every((d) => d.disabled)).toBe(true);
    expect(JSON.stringify(network)).not.toContain(first.appKey);
  });

  it("puts the operator's gateways under the council's tenant, and removes them when deleted", async () => {
    const operator = callerFor(db, operatorId);
    const gateway = await operator.gateways.create({ gatewayEui: randomEui(), name: "Depot mast", latitude: 52.1, longitude: 0.1 });
    await drainProvisioning(db);
    const management = await operator.networkManagement.get();
    const remote = (await simulated("gateway", gateway.gatewayEui))!;
    expect(remote).toMatchObject({ parentId: management!.councilRemoteTenantId, data: { name: "Depot mast", latitude: 52.1, longitude: 0.1 } });
    expect((await simulated("tenant", management!.councilRemoteTenantId!))!.data).toMatchObject({ canHaveGateways: true, tags: { longreach_council: "true" } });
    await operator.gateways.update({ gatewayEui: gateway.gatewayEui, name: "Depot mast (north)" });
    await drainProvisioning(db);
    expect((await simulated("gateway", gateway.gatewayEui))!.data.name).toBe("Depot mast (north)");
    await operator.gateways.delete({ gatewayEui: gateway.gatewayEui });
    await drainProvisioning(db);
    expect(await simulated("gateway", gateway.gatewayEui)).toBeUndefined();
  });
});
