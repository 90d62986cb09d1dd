import { and, eq } from "drizzle-orm";
import applicationPb from "@chirpstack/chirpstack-api/api/application_pb";
import devicePb from "@chirpstack/chirpstack-api/api/device_pb";
import profilePb from "@chirpstack/chirpstack-api/api/device_profile_pb";
import gatewayPb from "@chirpstack/chirpstack-api/api/gateway_pb";
import tenantPb from "@chirpstack/chirpstack-api/api/tenant_pb";
import { describe, expect, it } from "vitest";
import { otaaDevice, randomAesKey, randomEui } from "../../../../test/device-fixtures";
import { callerFor, createTenantWithTeam, teamCaller, type TestTeam } from "../../../../test/factories";
import type { TenantRole } from "@/domain/tenancy/roles";
import { drainProvisioning, jobsOf, useManagedTestNetwork } from "../../../../test/provisioning";
import { trpcErrorOf } from "../../../../test/trpc-errors";
import { describeDifference, type Difference } from "@/domain/provisioning";
import { withPlatform } from "@/server/db";
import { auditLog, devices, provisioningJobs, provisioningOrganisations, tenants } from "@/server/db/schema";

const network = useManagedTestNetwork();

const as = (team: TestTeam, role?: TenantRole) => teamCaller(network.db, team, role);
const operator = () => callerFor(network.db, network.operatorId);
const organisationOf = async (tenantId: string) => (await withPlatform(network.db, (tx) => tx.select().from(provisioningOrganisations).where(eq(provisioningOrganisations.tenantId, tenantId))))[0]!;
const about = (differences: Difference[], tenantIds: string[], gatewayEuis: string[]) =>
  differences.filter((d) => ("tenantId" in d && tenantIds.includes(d.tenantId)) || ("gatewayEui" in d && gatewayEuis.includes(d.gatewayEui)));

/** A device put straight onto the fake ChirpStack (as a person would in its UI), with OTAA keys. */
function deviceOnServer(applicationId: string, profileId: string, name: string, appKey: string | null = randomAesKey()) {
  const devEui = randomEui();
  const device = new devicePb.Device();
  device.setDevEui(devEui);
  device.setName(name);
  device.setApplicationId(applicationId);
  device.setDeviceProfileId(profileId);
  device.setJoinEui("70b3d57ed0000001");
  network.fake.store.createDevice(device);
  if (appKey) {
    const keys = new devicePb.DeviceKeys();
    keys.setDevEui(devEui);
    keys.setNwkKey(appKey);
    network.fake.store.keys.set(devEui, keys);
  }
  return { devEui, appKey };
}

describe("the drift check", () => {
  it("finds every kind of difference and fixes each one, audited", async () => {
    const team = await createTenantWithTeam(network.db);
    const [a, b, c, d] = [otaaDevice("A"), otaaDevice("B"), otaaDevice("C"), otaaDevice("D")];
    const ids: Record<string, string> = {};
    for (const input of [a, b, c, d]) ids[input.name] = (await as(team).devices.register(input)).id;
    const gateway = await operator().gateways.create({ gatewayEui: randomEui(), name: "Town hall roof", latitude: 52.2, longitude: 0.12 });
    const lostGateway = await operator().gateways.create({ gatewayEui: randomEui(), name: "Library roof" });
    const unprovisioned = await createTenantWithTeam(network.db);
    await withPlatform(network.db, (tx) => tx.delete(provisioningJobs).where(eq(provisioningJobs.tenantId, unprovisioned.tenant.id)));
    const closed = await createTenantWithTeam(network.db);
    await drainProvisioning(network.db);
    await withPlatform(network.db, async (tx) => {
      await tx.update(tenants).set({ status: "closed" }).where(eq(tenants.id, closed.tenant.id));
      await tx.delete(provisioningJobs).where(and(eq(provisioningJobs.tenantId, closed.tenant.id), eq(provisioningJobs.status, "pending")));
    });
    const tenantIds = [team.tenant.id, unprovisioned.tenant.id, closed.tenant.id];
    const gatewayEuis = [gateway.gatewayEui, lostGateway.gatewayEui];
    expect(about((await operator().provisioning.checkDrift()).differences, [team.tenant.id], gatewayEuis)).toEqual([]);

    // Someone works in ChirpStack directly.
    const organisation = await organisationOf(team.tenant.id);
    const otherProfile = network.fake.store.createProfile(network.fake.store.profiles.get(network.fake.store.devices.get(b.devEui)!.getDeviceProfileId())!.cloneMessage());
    network.fake.store.deleteDevice(a.devEui);
    network.fake.store.keys.get(b.devEui)!.setNwkKey(randomAesKey());
    network.fake.store.devices.get(c.devEui)!.setDeviceProfileId(otherProfile);
    network.fake.store.devices.get(d.devEui)!.setIsDisabled(true);
    const stray = deviceOnServer(organisation.remoteApplicationId, otherProfile, "Stray");
    const adoptable = deviceOnServer(organisation.remoteApplicationId, otherProfile, "Found in ChirpStack");
    network.fake.store.gateways.get(gateway.gatewayEui)!.setName("Renamed in ChirpStack");
    network.fake.store.gateways.delete(lostGateway.gatewayEui);
    const [management] = await withPlatform(network.db, (tx) => tx.query.networkManagement.findMany());
    const strayGateway = new gatewayPb.Gateway();
    strayGateway.setGatewayId(randomEui());
    strayGateway.setName("Added in ChirpStack");
    strayGateway.setTenantId(management!.councilRemoteTenantId!);
    network.fake.store.createGateway(strayGateway);
    gatewayEuis.push(strayGateway.getGatewayId());

    const report = await operator().provisioning.checkDrift();
    const found = about(report.differences, tenantIds, gatewayEuis);
    const summary = found.map((x) => [x.kind, "devEui" in x ? x.devEui : "gatewayEui" in x ? x.gatewayEui : x.tenantId, "fields" in x ? x.fields : undefined]);
    expect(summary).toEqual(expect.arrayContaining([
      ["device_missing_remote", a.devEui, undefined],
      ["device_differs", b.devEui, ["keys"]],
      ["device_differs", c.devEui, ["profile"]],
      ["device_differs", d.devEui, ["disabled"]],
      ["device_missing_local", stray.devEui, undefined],
      ["device_missing_local", adoptable.devEui, undefined],
      ["organisation_missing", unprovisioned.tenant.id, undefined],
      ["organisation_not_removed", closed.tenant.id, undefined],
      ["gateway_differs", gateway.gatewayEui, ["name"]],
      ["gateway_missing_remote", lostGateway.gatewayEui, undefined],
      ["gateway_missing_local", strayGateway.getGatewayId(), undefined],
    ]));
    expect(found).toHaveLength(11);
    expect(JSON.stringify(report)).not.toContain(b.appKey);

    const fix = (difference: Difference, choice: "push" | "remove" | "adopt") =>
      operator().provisioning.fix({
        kind: difference.kind, fix: choice,
        tenantId: "tenantId" in difference ? difference.tenantId : undefined,
        deviceId: "deviceId" in difference ? difference.deviceId : undefined,
        devEui: "devEui" in difference ? difference.devEui : undefined,
        gatewayEui: "gatewayEui" in difference ? difference.gatewayEui : undefined,
      });
    for (const difference of found) {
      const choice = difference.kind === "device_missing_local" && difference.devEui === adoptable.devEui ? "adopt" : difference.kind.endsWith("_missing_local") || difference.kind === "organisation_not_removed" ? "remove" : "push";
      await fix(difference, choice);
    }
    expect(await trpcErrorOf(fix(found.find((x) => x.kind === "device_differs")!, "adopt"))).toMatchObject({ code: "BAD_REQUEST" });
    await drainProvisioning(network.db);

    expect(about((await operator().provisioning.checkDrift()).differences, tenantIds, gatewayEuis)).toEqual([]);
    expect(network.fake.store.keys.get(b.devEui)!.getNwkKey()).toBe(b.appKey);
    expect(network.fake.store.devices.get(d.devEui)!.getIsDisabled()).toBe(false);
    expect(network.fake.store.devices.has(stray.devEui)).toBe(false);
    expect(network.fake.store.gateways.has(strayGateway.getGatewayId())).toBe(false);
    const [adopted] = await withPlatform(network.db, (tx) => tx.select().from(devices).where(eq(devices.devEui, adoptable.devEui)));
    expect(adopted).toMatchObject({ tenantId: team.tenant.id, name: "Found in ChirpStack", activation: "otaa" });
    expect((await as(team, "admin").devices.revealKeys({ deviceId: adopted!.id })).appKey).toBe(adoptable.appKey);
    const audits = await withPlatform(network.db, (tx) => tx.select().from(auditLog).where(and(eq(auditLog.action, "provisioning.drift_fixed"), eq(auditLog.actorId, network.operatorId))));
    expect(audits.map((entry) => entry.details.kind).sort()).toEqual(found.map((x) => x.kind).sort());
  });
});

describe("the drift check, one tenant at a time", () => {
  const check = async (tenantId: string) => (await operator().provisioning.checkDrift({ tenantId })).differences;
  const push = (difference: Difference) =>
    operator().provisioning.fix({ kind: difference.kind, fix: "push", tenantId: "tenantId" in difference ? difference.tenantId : undefined, deviceId: "deviceId" in difference ? difference.deviceId : undefined, devEui: "devEui" in difference ? difference.devEui : undefined });

  it("finds a device renamed on the server and one whose keys this server cannot decrypt, and pushes back what it can", async () => {
    const team = await createTenantWithTeam(network.db);
    const [renamed, unreadable] = [otaaDevice("Gate sensor"), otaaDevice("Yard sensor")];
    const ids = [(await as(team).devices.register(renamed)).id, (await as(team).devices.register(unreadable)).id];
    await drainProvisioning(network.db);
    network.fake.store.devices.get(renamed.devEui)!.setName("Gate sensor (ChirpStack)");
    // A key sealed for another device (keys are bound to their device's id), as after copying rows by hand.
    await withPlatform(network.db, async (tx) => {
      const [source] = await tx.select({ appKeyEnc: devices.appKeyEnc }).from(devices).where(eq(devices.id, ids[0]!));
      await tx.update(devices).set({ appKeyEnc: source!.appKeyEnc }).where(eq(devices.id, ids[1]!));
    });
    await drainProvisioning(network.db);

    const found = await check(team.tenant.id);
    expect(found).toEqual([
      { kind: "device_differs", tenantId: team.tenant.id, tenantName: team.tenant.name, deviceId: ids[0], devEui: renamed.devEui, name: "Gate sensor", fields: ["name"], pending: false },
      { kind: "device_unreadable", tenantId: team.tenant.id, tenantName: team.tenant.name, deviceId: ids[1], devEui: unreadable.devEui, name: "Yard sensor", pending: false },
    ]);
    expect(describeDifference(found[1]!)).toContain("its keys cannot be decrypted with this server's DEVICE_KEY_ENCRYPTION_KEY");
    // Its job said the same, rather than sending anything.
    expect((await jobsOf(network.db, team.tenant.id, "device")).at(-1)).toMatchObject({ subjectId: ids[1], status: "failed", lastError: expect.stringContaining("cannot be decrypted") });
    expect(network.fake.store.keys.get(unreadable.devEui)!.getNwkKey()).toBe(unreadable.appKey);

    expect(await trpcErrorOf(push(found[1]!))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("it needs a person") });
    expect(await push(found[0]!)).toEqual({ queued: 1, adopted: 0 });
    await drainProvisioning(network.db);
    expect(network.fake.store.devices.get(renamed.devEui)!.getName()).toBe("Gate sensor");
    expect((await check(team.tenant.id)).map((d) => d.kind)).toEqual(["device_unreadable"]);
  });

  it("finds a tenant's application deleted on the server, and pushing creates it again with the tenant's devices", async () => {
    const team = await createTenantWithTeam(network.db);
    const inputs = [otaaDevice("Boiler 1"), otaaDevice("Boiler 2")];
    for (const input of inputs) await as(team).devices.register(input);
    await drainProvisioning(network.db);
    const before = await organisationOf(team.tenant.id);
    network.fake.store.deleteApplication(before.remoteApplicationId);

    const found = await check(team.tenant.id);
    expect(found).toEqual([{ kind: "application_missing", tenantId: team.tenant.id, tenantName: team.tenant.name, remoteApplicationId: before.remoteApplicationId, pending: false }]);
    expect(describeDifference(found[0]!)).toBe(`${team.tenant.name}'s application ${before.remoteApplicationId} no longer exists on the network server.`);
    expect(await push(found[0]!)).toEqual({ queued: 3, adopted: 0 });
    await drainProvisioning(network.db);

    const after = await organisationOf(team.tenant.id);
    expect(after).toMatchObject({ remoteTenantId: before.remoteTenantId, createdRemoteTenant: true });
    expect(after.remoteApplicationId).not.toBe(before.remoteApplicationId);
    for (const input of inputs) {
      expect(network.fake.store.devices.get(input.devEui)?.getApplicationId()).toBe(after.remoteApplicationId);
      expect(network.fake.store.keys.get(input.devEui)!.getNwkKey()).toBe(input.appKey);
    }
    expect(await check(team.tenant.id)).toEqual([]);
    const [audit] = await withPlatform(network.db, (tx) => tx.select().from(auditLog).where(and(eq(auditLog.action, "provisioning.drift_fixed"), eq(auditLog.tenantId, team.tenant.id))));
    expect(audit).toMatchObject({ actorId: network.operatorId, details: { kind: "application_missing", fix: "push", jobs: 3 } });
  });
});

describe("adopting an existing ChirpStack application", () => {
  async function existingApplication() {
    const tenant = new tenantPb.Tenant();
    tenant.setName("Parks department (ChirpStack)");
    tenant.setCanHaveGateways(true);
    const remoteTenantId = network.fake.store.createTenant(tenant);
    const application = new applicationPb.Application();
    application.setName("Park sensors");
    application.setTenantId(remoteTenantId);
    const applicationId = network.fake.store.createApplication(application);
    const profile = new profilePb.DeviceProfile();
    profile.setTenantId(remoteTenantId);
    profile.setName("Park soil sensors");
    profile.setRegion(0); // EU868
    profile.setMacVersion(3); // 1.0.3
    profile.setSupportsOtaa(true);
    profile.setPayloadCodecRuntime(2);
    profile.setPayloadCodecScript("function decodeUplink(input) { return { data: { wet: input.bytes[0] > 10 } }; }");
    const profileId = network.fake.store.createProfile(profile);
    const withKeys = [deviceOnServer(applicationId, profileId, "Bench 1"), deviceOnServer(applicationId, profileId, "Bench 2")];
    const abp = deviceOnServer(applicationId, profileId, "Gate", null);
    const activation = new devicePb.DeviceActivation();
    activation.setDevEui(abp.devEui);
    activation.setDevAddr("26011bda");
    for (const set of ["setAppSKey", "setNwkSEncKey", "setSNwkSIntKey", "setFNwkSIntKey"] as const) activation[set]("000102030405060708090a0b0c0d0e0f");
    network.fake.store.activations.set(abp.devEui, activation);
    const keyless = deviceOnServer(applicationId, profileId, "Never joined", null);
    return { remoteTenantId, applicationId, withKeys, abp, keyless };
  }

  it("into a tenant just created in Longreach: replaces its own empty application and registers the devices with the server's keys, leaving them as they are", async () => {
    const existing = await existingApplication();
    // The usual migration: the operator creates the tenant (onboarded at once, with an application of its own), then adopts into it.
    const team = await createTenantWithTeam(network.db);
    await drainProvisioning(network.db);
    const own = await organisationOf(team.tenant.id);
    expect(own.createdRemoteTenant).toBe(true);
    const withOwn = await operator().provisioning.applications();
    expect(withOwn.find((a) => a.id === own.remoteApplicationId)).toMatchObject({ tenantId: team.tenant.id });

    const listed = withOwn.find((a) => a.id === existing.applicationId);
    expect(listed).toMatchObject({ name: "Park sensors", remoteTenantName: "Parks department (ChirpStack)", tenantId: null });
    const preview = await operator().provisioning.previewAdoption({ remoteApplicationId: existing.applicationId });
    expect(preview.candidates.map((c) => [c.name, c.verdict, c.activation]).sort()).toEqual([["Bench 1", "ready", "otaa"], ["Bench 2", "ready", "otaa"], ["Gate", "ready", "abp"], ["Never joined", "no_keys", null]]);
    expect(JSON.stringify(preview)).not.toContain(existing.withKeys[0]!.appKey!);

    const writesBefore = network.fake.calls.filter((c) => c.service === "DeviceService" && ["create", "update", "createKeys", "updateKeys", "activate"].includes(c.method)).length;
    const replaced = { remoteTenantId: own.remoteTenantId, remoteApplicationId: own.remoteApplicationId, removed: true };
    expect(await operator().provisioning.adopt({ remoteApplicationId: existing.applicationId, tenantId: team.tenant.id })).toEqual({ adopted: 3, skipped: [{ devEui: existing.keyless.devEui, reason: "no_keys" }], replaced });
    // The empty application, and the server-side tenant Longreach made for it, are gone; the tenant lives in the adopted one.
    expect([network.fake.store.applications.has(own.remoteApplicationId), network.fake.store.tenants.has(own.remoteTenantId)]).toEqual([false, false]);
    const adopted = await withPlatform(network.db, (tx) => tx.select().from(devices).where(eq(devices.tenantId, team.tenant.id)));
    expect(adopted.map((d) => d.name).sort()).toEqual(["Bench 1", "Bench 2", "Gate"]);
    const bench = adopted.find((d) => d.name === "Bench 1")!;
    expect((await as(team, "admin").devices.revealKeys({ deviceId: bench.id })).appKey).toBe(existing.withKeys[0]!.appKey);
    const profiles = await as(team, "viewer").deviceProfiles.list();
    expect(profiles).toEqual([expect.objectContaining({ name: "Park soil sensors", codecSource: expect.stringContaining("wet"), devices: 3 })]);
    expect(await organisationOf(team.tenant.id)).toMatchObject({ remoteTenantId: existing.remoteTenantId, remoteApplicationId: existing.applicationId, createdRemoteTenant: false });
    expect((await jobsOf(network.db, team.tenant.id, "device")).map((j) => j.reason)).toEqual(["adopted", "adopted", "adopted"]);
    const [audit] = await withPlatform(network.db, (tx) => tx.select().from(auditLog).where(and(eq(auditLog.action, "provisioning.adopted"), eq(auditLog.tenantId, team.tenant.id))));
    expect(audit).toMatchObject({
      actorId: network.operatorId, targetType: "remote_application", targetId: existing.applicationId,
      details: { application: "Park sensors", remoteTenantId: existing.remoteTenantId, adopted: 3, devEuis: expect.arrayContaining(existing.withKeys.map((d) => d.devEui)), skipped: [{ devEui: existing.keyless.devEui, reason: "no_keys" }], replaced },
    });

    await drainProvisioning(network.db);
    const states = await as(team, "viewer").deviceSync.states({ deviceIds: adopted.map((d) => d.id) });
    expect(Object.values(states).map((s) => s.state)).toEqual(["in_sync", "in_sync", "in_sync"]);
    // Adopting changed nothing on the server: no device was re-created, re-keyed or re-activated.
    expect(network.fake.calls.filter((c) => c.service === "DeviceService" && ["create", "update", "createKeys", "updateKeys", "activate"].includes(c.method))).toHaveLength(writesBefore);

    const { id } = await as(team).devices.register(otaaDevice("New bench"));
    await drainProvisioning(network.db);
    const [registered] = await withPlatform(network.db, (tx) => tx.select().from(devices).where(eq(devices.id, id)));
    expect(network.fake.store.devices.get(registered!.devEui)!.getApplicationId()).toBe(existing.applicationId);

    const other = await createTenantWithTeam(network.db);
    expect(await trpcErrorOf(operator().provisioning.adopt({ remoteApplicationId: existing.applicationId, tenantId: other.tenant.id }))).toMatchObject({ code: "CONFLICT" });

    // Closing removes the tenant's devices but leaves the council's pre-existing tenant and application.
    await operator().tenants.setStatus({ tenantId: team.tenant.id, status: "closed", devicesToRemove: 4 });
    await drainProvisioning(network.db);
    expect([...adopted.map((d) => d.devEui), registered!.devEui].some((eui) => network.fake.store.devices.has(eui))).toBe(false);
    expect(network.fake.store.applications.has(existing.applicationId)).toBe(true);
    expect(network.fake.store.tenants.has(existing.remoteTenantId)).toBe(true);
    expect(network.fake.store.devices.has(existing.keyless.devEui)).toBe(true);
  });

  it("is refused while the tenant's own application is not empty, or once it adopted one; a server-side tenant someone added to is left", async () => {
    const existing = await existingApplication();
    const busy = await createTenantWithTeam(network.db);
    await as(busy).devices.register(otaaDevice("Already here"));
    await drainProvisioning(network.db);
    const busyOwn = await organisationOf(busy.tenant.id);
    expect(await trpcErrorOf(operator().provisioning.adopt({ remoteApplicationId: existing.applicationId, tenantId: busy.tenant.id }))).toMatchObject({
      code: "CONFLICT",
      message: `${busy.tenant.name} already has its own application on the network server (${busyOwn.remoteApplicationId}), and it is not empty (1 device in it on the network server, 1 device registered in ${busy.tenant.name}). Adopting replaces a tenant's own application only while it is empty: adopt into a tenant without devices, or delete its devices first.`,
    });
    expect(await organisationOf(busy.tenant.id)).toEqual(busyOwn);
    expect(network.fake.store.applications.has(busyOwn.remoteApplicationId)).toBe(true);
    expect(await withPlatform(network.db, (tx) => tx.select().from(devices).where(eq(devices.devEui, existing.withKeys[0]!.devEui)))).toEqual([]);

    const crowded = await createTenantWithTeam(network.db);
    await drainProvisioning(network.db);
    const crowdedOwn = await organisationOf(crowded.tenant.id);
    const byHand = new applicationPb.Application();
    byHand.setName("Added in ChirpStack by hand");
    byHand.setTenantId(crowdedOwn.remoteTenantId);
    const byHandId = network.fake.store.createApplication(byHand);
    const adopted = await operator().provisioning.adopt({ remoteApplicationId: existing.applicationId, tenantId: crowded.tenant.id });
    expect(adopted).toMatchObject({ adopted: 3, replaced: { remoteTenantId: crowdedOwn.remoteTenantId, remoteApplicationId: crowdedOwn.remoteApplicationId, removed: false } });
    expect([network.fake.store.tenants.has(crowdedOwn.remoteTenantId), network.fake.store.applications.has(byHandId)]).toEqual([true, true]);
    expect(await organisationOf(crowded.tenant.id)).toMatchObject({ remoteTenantId: existing.remoteTenantId, remoteApplicationId: existing.applicationId, createdRemoteTenant: false });

    const another = await existingApplication();
    expect(await trpcErrorOf(operator().provisioning.adopt({ remoteApplicationId: another.applicationId, tenantId: crowded.tenant.id }))).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("adopted earlier; a tenant has one application") });
  });
});
