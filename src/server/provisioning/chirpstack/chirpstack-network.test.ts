import applicationPb from "@chirpstack/chirpstack-api/api/application_pb";
import devicePb from "@chirpstack/chirpstack-api/api/device_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProvisioningError, type DeviceSpec, type NetworkServer, type ProfileSpec } from "@/domain/provisioning";
import { startFakeChirpstack, type FakeChirpstack } from "@/testing/fake-chirpstack";
import { chirpstackNetwork } from "./chirpstack-network";

let fake: FakeChirpstack;
let server: NetworkServer;

beforeAll(async () => {
  fake = await startFakeChirpstack();
  server = chirpstackNetwork({ apiUrl: fake.apiUrl, apiToken: fake.apiToken, timeoutMs: 2_000 });
});
afterAll(async () => {
  server.close();
  await fake.close();
});

const organisationSpec = (tenantId: string, name = "Riverside Dairy") => ({ tenantId, name, maxDevices: 50, maxGateways: 0 });
const profileSpec = (tenantId: string, activation: "otaa" | "abp" = "otaa"): ProfileSpec => ({
  tenantId, key: "7d7c3a4e-5a36-4d2b-9a43-8f1d2f0c9b10", activation, name: "Soil sensors", region: "EU868", macVersion: "1.0.3", deviceClass: "A",
  codecSource: "function decodeUplink(input) { return { data: { n: input.bytes[0] } }; }",
});
const otaa = (devEui: string, remoteProfileId: string, overrides: Partial<DeviceSpec> = {}): DeviceSpec => ({
  devEui, name: "Soil probe", description: "", remoteProfileId, macVersion: "1.0.3", disabled: false,
  secrets: { activation: "otaa", joinEui: "70b3d57ed0000001", appKey: "2b7e151628aed2a6abf7158809cf4f3c" }, ...overrides,
});

describe("ChirpStack adapter over gRPC", () => {
  it("creates the tenant with the plan's limits and an application, authenticated with the API token", async () => {
    const organisation = await server.ensureOrganisation(organisationSpec("11111111-1111-4111-8111-111111111111"), null);
    const tenant = fake.store.tenants.get(organisation.remoteTenantId)!;
    expect(tenant.getName()).toBe("Riverside Dairy");
    expect(tenant.getMaxDeviceCount()).toBe(50);
    expect(tenant.getCanHaveGateways()).toBe(false);
    expect(tenant.getPrivateGatewaysUp()).toBe(false);
    expect(fake.store.applications.get(organisation.remoteApplicationId)!.getTenantId()).toBe(organisation.remoteTenantId);
    expect(organisation.createdRemoteTenant).toBe(true);
    expect(fake.calls.every((call) => call.authorized)).toBe(true);
  });

  it("finds what an interrupted earlier attempt created instead of creating it twice, and updates limits", async () => {
    const tenantId = "22222222-2222-4222-8222-222222222222";
    const first = await server.ensureOrganisation(organisationSpec(tenantId, "Harbour Ltd"), null);
    // The mapping was never saved (a crash): ensure again without it.
    const again = await server.ensureOrganisation({ ...organisationSpec(tenantId, "Harbour Ltd"), maxDevices: null }, null);
    expect(again).toEqual(first);
    expect(fake.store.tenants.get(first.remoteTenantId)!.getMaxDeviceCount()).toBe(50);
    const known = await server.ensureOrganisation({ ...organisationSpec(tenantId, "Harbour Ltd"), maxDevices: null }, first);
    expect(known).toEqual(first);
    expect(fake.store.tenants.get(first.remoteTenantId)!.getMaxDeviceCount()).toBe(0);
    expect([...fake.store.tenants.values()].filter((t) => t.getName() === "Harbour Ltd")).toHaveLength(1);
  });

  it("maps a profile (region, MAC version, class, JS codec) per activation", async () => {
    const tenantId = "33333333-3333-4333-8333-333333333333";
    const organisation = await server.ensureOrganisation(organisationSpec(tenantId), null);
    const otaaId = await server.ensureProfile(organisation, profileSpec(tenantId), null);
    const abpId = await server.ensureProfile(organisation, profileSpec(tenantId, "abp"), null);
    expect(otaaId).not.toBe(abpId);
    const stored = fake.store.profiles.get(otaaId)!;
    expect(stored.getTenantId()).toBe(organisation.remoteTenantId);
    expect(stored.getPayloadCodecRuntime()).toBe(2); // JS
    expect(stored.getPayloadCodecScript()).toContain("decodeUplink");
    expect(stored.getSupportsOtaa()).toBe(true);
    expect(fake.store.profiles.get(abpId)!.getSupportsOtaa()).toBe(false);
    expect(await server.readProfile(otaaId)).toMatchObject({ region: "EU868", macVersion: "1.0.3", deviceClass: "A", supportsOtaa: true });
    expect(await server.ensureProfile(organisation, { ...profileSpec(tenantId), deviceClass: "C" }, otaaId)).toBe(otaaId);
    expect(fake.store.profiles.get(otaaId)!.getSupportsClassC()).toBe(true);
  });

  it("creates, updates and removes an OTAA device with its root key in nwk_key", async () => {
    const tenantId = "44444444-4444-4444-8444-444444444444";
    const organisation = await server.ensureOrganisation(organisationSpec(tenantId), null);
    const profileId = await server.ensureProfile(organisation, profileSpec(tenantId), null);
    const spec = otaa("0004a30b001c0530", profileId);
    expect(await server.writeDevice(organisation, spec, await server.findDevice(spec.devEui))).toMatchObject({ action: "created" });
    expect(fake.store.keys.get(spec.devEui)!.getNwkKey()).toBe("2b7e151628aed2a6abf7158809cf4f3c");
    const found = await server.findDevice(spec.devEui);
    expect(found).toMatchObject({ applicationId: organisation.remoteApplicationId, remoteProfileId: profileId, disabled: false, secrets: spec.secrets });
    expect(await server.writeDevice(organisation, spec, found)).toEqual({ action: "unchanged", changed: [] });
    const disabled = { ...spec, disabled: true, name: "Soil probe 2" };
    expect(await server.writeDevice(organisation, disabled, found)).toEqual({ action: "updated", changed: ["name", "disabled"] });
    expect(fake.store.devices.get(spec.devEui)!.getIsDisabled()).toBe(true);
    expect(await server.listDevices(organisation.remoteApplicationId)).toEqual([{ devEui: spec.devEui, name: "Soil probe 2" }]);
    await server.removeDevice(spec.devEui);
    await server.removeDevice(spec.devEui); // already gone: fine
    expect(await server.findDevice(spec.devEui)).toBeNull();
    expect(await server.listDevices("00000000-0000-4000-8000-000000000000")).toBeNull();
  });

  it("activates an ABP device with its session, and only again when the session changes", async () => {
    const tenantId = "55555555-5555-4555-8555-555555555555";
    const organisation = await server.ensureOrganisation(organisationSpec(tenantId), null);
    const profileId = await server.ensureProfile(organisation, profileSpec(tenantId, "abp"), null);
    const spec: DeviceSpec = { ...otaa("0004a30b001c0531", profileId), secrets: { activation: "abp", devAddr: "26011bda", nwkSKey: "000102030405060708090a0b0c0d0e0f", appSKey: "0f0e0d0c0b0a09080706050403020100" } };
    await server.writeDevice(organisation, spec, null);
    const activation = fake.store.activations.get(spec.devEui)!;
    expect([activation.getDevAddr(), activation.getNwkSEncKey(), activation.getSNwkSIntKey(), activation.getFNwkSIntKey(), activation.getAppSKey()])
      .toEqual(["26011bda", "000102030405060708090a0b0c0d0e0f", "000102030405060708090a0b0c0d0e0f", "000102030405060708090a0b0c0d0e0f", "0f0e0d0c0b0a09080706050403020100"]);
    const activations = fake.callsTo("DeviceService", "activate").length;
    await server.writeDevice(organisation, { ...spec, name: "Renamed" }, await server.findDevice(spec.devEui));
    expect(fake.callsTo("DeviceService", "activate")).toHaveLength(activations);
  });

  it("never takes over a DevEUI that is in another application", async () => {
    const owner = await server.ensureOrganisation(organisationSpec("66666666-6666-4666-8666-666666666666", "Owner"), null);
    const intruder = await server.ensureOrganisation(organisationSpec("77777777-7777-4777-8777-777777777777", "Intruder"), null);
    const ownerProfile = await server.ensureProfile(owner, profileSpec("66666666-6666-4666-8666-666666666666"), null);
    const intruderProfile = await server.ensureProfile(intruder, profileSpec("77777777-7777-4777-8777-777777777777"), null);
    await server.writeDevice(owner, otaa("0004a30b001c0532", ownerProfile), null);
    // Even told (wrongly) that nothing is there, the create's ALREADY_EXISTS is looked into, not overwritten.
    await expect(server.writeDevice(intruder, otaa("0004a30b001c0532", intruderProfile, { name: "Stolen" }), null)).rejects.toThrow(/not this organisation's/);
    expect(fake.store.devices.get("0004a30b001c0532")!.getApplicationId()).toBe(owner.remoteApplicationId);
    expect(fake.store.devices.get("0004a30b001c0532")!.getName()).toBe("Soil probe");
  });

  it("keeps a profile that devices still use (deleting it would delete them), retryably", async () => {
    const tenantId = "88888888-8888-4888-8888-888888888888";
    const organisation = await server.ensureOrganisation(organisationSpec(tenantId), null);
    const profileId = await server.ensureProfile(organisation, profileSpec(tenantId), null);
    await server.writeDevice(organisation, otaa("0004a30b001c0533", profileId), null);
    const refusal = await server.removeProfile(profileId).catch((error: ProvisioningError) => error);
    expect(refusal).toBeInstanceOf(ProvisioningError);
    expect((refusal as ProvisioningError).retryable).toBe(true);
    expect(fake.store.devices.has("0004a30b001c0533")).toBe(true);
    await server.removeDevice("0004a30b001c0533");
    await server.removeProfile(profileId);
    expect(fake.store.profiles.has(profileId)).toBe(false);
  });

  it("looks for a profile's devices in every application of its tenant, past the first page of the list", async () => {
    const tenantId = "99999999-9999-4999-8999-999999999999";
    const organisation = await server.ensureOrganisation(organisationSpec(tenantId), null);
    const profileId = await server.ensureProfile(organisation, profileSpec(tenantId), null);
    // A tenant the council grew by hand: 1,000 applications before the one using the profile.
    const application = (name: string) => {
      const message = new applicationPb.Application();
      message.setName(name);
      message.setTenantId(organisation.remoteTenantId);
      return fake.store.createApplication(message);
    };
    for (let i = 0; i < 1000; i++) application(`Empty ${i}`);
    const device = new devicePb.Device();
    device.setDevEui("0004a30b001c0999");
    device.setApplicationId(application("Last"));
    device.setDeviceProfileId(profileId);
    fake.store.createDevice(device);

    const refusal = await server.removeProfile(profileId).catch((error: ProvisioningError) => error);
    expect(refusal).toMatchObject({ retryable: true, message: expect.stringContaining("still used by 1 device") });
    expect([fake.store.profiles.has(profileId), fake.store.devices.has("0004a30b001c0999")]).toEqual([true, true]);
  });

  it("puts gateways under the council's tenant", async () => {
    const councilTenantId = await server.ensureCouncilTenant("Council network", null);
    expect(await server.ensureCouncilTenant("Council network", null)).toBe(councilTenantId);
    const spec = { gatewayEui: "b827ebfffe8b1c2d", name: "Town hall roof", latitude: 51.5, longitude: -0.12 };
    expect(await server.writeGateway(councilTenantId, spec, null)).toBe("created");
    expect(await server.findGateway(spec.gatewayEui)).toEqual({ ...spec, remoteTenantId: councilTenantId });
    expect(await server.writeGateway(councilTenantId, { ...spec, name: "Library roof" }, await server.findGateway(spec.gatewayEui))).toBe("updated");
    expect(await server.listGateways(councilTenantId)).toEqual([{ ...spec, name: "Library roof", remoteTenantId: councilTenantId }]);
    await server.removeGateway(spec.gatewayEui);
    expect(await server.findGateway(spec.gatewayEui)).toBeNull();
  });

  it("says clearly when the API token is wrong, and that it is the connection's fault", async () => {
    const wrong = chirpstackNetwork({ apiUrl: fake.apiUrl, apiToken: "not-the-key", timeoutMs: 2_000 });
    try {
      const error = await wrong.checkAccess().catch((e: ProvisioningError) => e);
      expect(error).toBeInstanceOf(ProvisioningError);
      expect((error as ProvisioningError).message).toMatch(/UNAUTHENTICATED: InvalidSignature.*API token/);
      expect((error as ProvisioningError).retryable).toBe(false);
      expect((error as ProvisioningError).connection).toBe(true);
      expect(fake.calls.at(-1)).toMatchObject({ service: "TenantService", method: "list", authorized: false });
    } finally {
      wrong.close();
    }
  });

  it("reports a server that is down as retryable", async () => {
    const down = await startFakeChirpstack();
    const client = chirpstackNetwork({ apiUrl: down.apiUrl, apiToken: down.apiToken, timeoutMs: 1_000 });
    try {
      await down.stop();
      const error = await client.checkAccess().catch((e: ProvisioningError) => e);
      expect(error).toMatchObject({ retryable: true, connection: true });
      expect((error as Error).message).toMatch(/UNAVAILABLE|DEADLINE_EXCEEDED/);
    } finally {
      client.close();
      await down.close();
    }
  });
});
