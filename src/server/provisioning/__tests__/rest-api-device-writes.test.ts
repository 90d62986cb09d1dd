import { describe, expect, it } from "vitest";
import { callApi } from "../../../../test/api-calls";
import { createApiKeyRow } from "../../../../test/api-key-rows";
import { randomAesKey, randomEui } from "../../../../test/device-fixtures";
import { createTenant } from "../../../../test/factories";
import { drainProvisioning, jobsOf, useManagedTestNetwork } from "../../../../test/provisioning";
import { withPlatform } from "@/server/db";
import { deviceProfiles } from "@/server/db/schema";
import { createDeviceOperation, deleteDeviceOperation, updateDeviceOperation } from "@/server/rest/device-endpoints";

/**
 * Devices written through the REST API reach the managed network server as the portal's do: each write
 * queues its provisioning job in the request's own transaction (the outbox triggers), and the worker
 * applies it. Here, not beside the other REST tests, because management is network-wide (see vitest.config.ts).
 */

const network = useManagedTestNetwork();

async function tenantWithWriter() {
  const tenant = await createTenant(network.db);
  const writer = await createApiKeyRow(network.db, tenant.id, { scope: "read-write", name: "Asset system" });
  const [profile] = await withPlatform(network.db, (tx) => tx.insert(deviceProfiles).values({ tenantId: tenant.id, name: "Meters", region: "EU868", macVersion: "1.0.3" }).returning());
  return { tenant, writer, profileId: profile!.id };
}

const otaa = (profileId: string) => ({ name: "Cellar sensor", devEui: randomEui(), activation: "otaa", joinEui: randomEui(), appKey: randomAesKey(), profileId });
const deviceJobs = async (tenantId: string) => (await jobsOf(network.db, tenantId, "device")).map((j) => [j.devEui, j.reason, j.status]);

describe("device writes through the REST API", () => {
  it("queue a provisioning job with each create, update and delete, which puts the change on the network server", async () => {
    const { tenant, writer, profileId } = await tenantWithWriter();
    const device = otaa(profileId);

    expect((await callApi(network.db, createDeviceOperation, { ...writer, body: device })).status).toBe(201);
    expect(await deviceJobs(tenant.id)).toEqual([[device.devEui, "registered", "pending"]]);
    await drainProvisioning(network.db);
    expect(network.fake.store.devices.get(device.devEui)!.getName()).toBe("Cellar sensor");
    expect(network.fake.store.keys.get(device.devEui)!.getNwkKey()).toBe(device.appKey);

    expect((await callApi(network.db, updateDeviceOperation, { ...writer, params: { devEui: device.devEui }, body: { name: "Cellar sensor, east wall" } })).status).toBe(200);
    expect((await deviceJobs(tenant.id)).at(-1)).toEqual([device.devEui, "updated", "pending"]);
    await drainProvisioning(network.db);
    expect(network.fake.store.devices.get(device.devEui)!.getName()).toBe("Cellar sensor, east wall");

    expect((await callApi(network.db, deleteDeviceOperation, { ...writer, params: { devEui: device.devEui } })).status).toBe(204);
    expect((await deviceJobs(tenant.id)).at(-1)).toEqual([device.devEui, "deleted", "pending"]);
    await drainProvisioning(network.db);
    expect(network.fake.store.devices.has(device.devEui)).toBe(false);
    expect(await deviceJobs(tenant.id)).toEqual([[device.devEui, "registered", "done"], [device.devEui, "updated", "done"], [device.devEui, "deleted", "done"]]);
  });

  it("queue nothing for a replayed POST, a refused write or a change that changes nothing", async () => {
    const { tenant, writer, profileId } = await tenantWithWriter();
    const device = otaa(profileId);
    expect((await callApi(network.db, createDeviceOperation, { ...writer, body: device, idempotencyKey: "once" })).status).toBe(201);
    expect((await callApi(network.db, createDeviceOperation, { ...writer, body: device, idempotencyKey: "once" })).headers).toMatchObject({ "Idempotent-Replayed": "true" });
    expect((await callApi(network.db, createDeviceOperation, { ...writer, body: { ...device, name: "Second" } })).status).toBe(409);
    expect((await callApi(network.db, updateDeviceOperation, { ...writer, params: { devEui: device.devEui }, body: { name: device.name, tags: [] } })).status).toBe(200);
    expect((await callApi(network.db, updateDeviceOperation, { ...writer, params: { devEui: device.devEui }, body: { profileId: crypto.randomUUID() } })).status).toBe(404);
    expect(await deviceJobs(tenant.id)).toEqual([[device.devEui, "registered", "pending"]]);
  });
});
