import { env } from "@/env";
import { decryptDeviceKey, encryptDeviceKey } from "@/domain/crypto/device-keys";
import type { DeviceClass, LorawanMacVersion, LorawanRegion } from "@/domain/devices/profile-options";
import {
  deviceDifferences, deviceElsewhere, gatewayDifferences, ProvisioningError,
  type DeviceSecrets, type NetworkServer, type OrganisationSpec, type ProfileSpec, type RemoteDevice, type RemoteGateway, type RemoteOrganisation,
} from "@/domain/provisioning";
import type { Database } from "@/server/db";
import { SimulatedObjects, type SimulatedObject } from "./simulated-objects";

/**
 * The embedded network server (the default for `npm start` and the demo): the same rules as ChirpStack
 * (limits per tenant, DevEUIs unique, profiles within their tenant, cascading deletes, a profile in use
 * kept) with its state in Longreach's database, so an operator sees what ChirpStack would hold. It
 * carries no radio traffic. Device keys are stored encrypted, like Longreach's own.
 */

interface TenantData { name: string; canHaveGateways: boolean; maxDevices: number; maxGateways: number; tags: Record<string, string> }
interface ApplicationData { name: string; tags: Record<string, string> }
interface ProfileData { name: string; region: LorawanRegion; macVersion: LorawanMacVersion; deviceClass: DeviceClass; codecSource: string | null; supportsOtaa: boolean; tags: Record<string, string> }
interface DeviceData { name: string; description: string; profileId: string; disabled: boolean; secretsEnc: string | null }
interface GatewayData { name: string; latitude: number | null; longitude: number | null }

const TENANT_TAG = "longreach_tenant_id";
const refused = (doing: string, why: string) => new ProvisioningError(`The simulated network server could not ${doing}: ${why}`, false);

export function simulatedNetwork(db: Database, connectionId: string): NetworkServer {
  const objects = new SimulatedObjects(db, connectionId);
  const seal = (devEui: string, secrets: DeviceSecrets) => encryptDeviceKey(env.DEVICE_KEY_ENCRYPTION_KEY, JSON.stringify(secrets), `simulated:${connectionId}:${devEui}`);
  const open = (devEui: string, sealed: string | null): DeviceSecrets | null => (sealed ? JSON.parse(decryptDeviceKey(env.DEVICE_KEY_ENCRYPTION_KEY, sealed, `simulated:${connectionId}:${devEui}`)) : null);
  const tenantData = (spec: OrganisationSpec, tags: Record<string, string>): TenantData => ({
    name: spec.name, canHaveGateways: spec.maxGateways !== 0, maxDevices: spec.maxDevices ?? 0, maxGateways: spec.maxGateways ?? 0, tags,
  });
  const remoteDevice = (device: SimulatedObject<DeviceData>): RemoteDevice => ({
    devEui: device.id, name: device.data.name, description: device.data.description, applicationId: device.parentId!, remoteProfileId: device.data.profileId,
    disabled: device.data.disabled, secrets: open(device.id, device.data.secretsEnc),
  });
  const remoteGateway = (gateway: SimulatedObject<GatewayData>): RemoteGateway => ({ gatewayEui: gateway.id, remoteTenantId: gateway.parentId!, ...gateway.data });

  async function removeTenant(tenantId: string) {
    const applications = await objects.list("application", { parentId: tenantId });
    for (const application of applications) {
      await objects.remove("device", (await objects.list("device", { parentId: application.id })).map((d) => d.id));
    }
    await objects.remove("application", applications.map((a) => a.id));
    await objects.remove("device_profile", (await objects.list("device_profile", { parentId: tenantId })).map((p) => p.id));
    await objects.remove("gateway", (await objects.list("gateway", { parentId: tenantId })).map((g) => g.id));
    await objects.remove("tenant", [tenantId]);
  }

  return {
    description: "the simulated network server",
    async checkAccess() {},

    async ensureOrganisation(spec, known) {
      const knownTenant = known ? await objects.get<TenantData>("tenant", known.remoteTenantId) : null;
      const createdRemoteTenant = knownTenant ? known!.createdRemoteTenant : true;
      const tags = { [TENANT_TAG]: spec.tenantId };
      const tenantId =
        knownTenant?.id ??
        (await objects.list<TenantData>("tenant", { tag: [TENANT_TAG, spec.tenantId] }))[0]?.id ??
        (await objects.create("tenant", null, tenantData(spec, tags)))!;
      // An adopted tenant may hold more than Longreach's application: its name and limits stay the council's.
      if (createdRemoteTenant) await objects.update("tenant", tenantId, tenantData(spec, knownTenant?.data.tags ?? tags));
      const tenant = { id: tenantId };
      const knownApplication = known && known.remoteTenantId === tenant.id ? await objects.get<ApplicationData>("application", known.remoteApplicationId) : null;
      let applicationId = knownApplication?.parentId === tenant.id ? knownApplication.id : null;
      if (applicationId && createdRemoteTenant) await objects.update("application", applicationId, { ...knownApplication!.data, name: spec.name });
      applicationId ??=
        (await objects.list<ApplicationData>("application", { parentId: tenant.id, tag: [TENANT_TAG, spec.tenantId] }))[0]?.id ??
        (await objects.create("application", tenant.id, { name: spec.name, tags: { [TENANT_TAG]: spec.tenantId } }))!;
      return { remoteTenantId: tenant.id, remoteApplicationId: applicationId, createdRemoteTenant };
    },

    async removeOrganisation(organisation: RemoteOrganisation) {
      if (organisation.createdRemoteTenant) await removeTenant(organisation.remoteTenantId);
    },

    async listApplications() {
      const tenants = new Map((await objects.list<TenantData>("tenant")).map((t) => [t.id, t.data.name]));
      return (await objects.list<ApplicationData>("application")).map((a) => ({ id: a.id, name: a.data.name, remoteTenantId: a.parentId!, remoteTenantName: tenants.get(a.parentId!) ?? "" }));
    },

    async ensureProfile(organisation, spec: ProfileSpec, knownId) {
      const tag = `${spec.key}:${spec.activation}`;
      const data: ProfileData = {
        name: spec.activation === "abp" ? `${spec.name} (ABP)` : spec.name, region: spec.region, macVersion: spec.macVersion, deviceClass: spec.deviceClass,
        codecSource: spec.codecSource, supportsOtaa: spec.activation === "otaa", tags: { longreach_profile: tag, [TENANT_TAG]: spec.tenantId },
      };
      const known = knownId ? await objects.get<ProfileData>("device_profile", knownId) : null;
      const existing = known?.parentId === organisation.remoteTenantId ? known : (await objects.list<ProfileData>("device_profile", { parentId: organisation.remoteTenantId, tag: ["longreach_profile", tag] }))[0];
      if (existing) {
        await objects.update("device_profile", existing.id, data);
        return existing.id;
      }
      if (!(await objects.get("tenant", organisation.remoteTenantId))) throw refused("create the device profile", `Object does not exist (id: ${organisation.remoteTenantId})`);
      return (await objects.create("device_profile", organisation.remoteTenantId, data))!;
    },

    async removeProfile(remoteProfileId) {
      const inUse = (await objects.list<DeviceData>("device")).filter((d) => d.data.profileId === remoteProfileId).length;
      if (inUse) throw new ProvisioningError(`The simulated network server keeps device profile ${remoteProfileId}: ${inUse} device${inUse === 1 ? " still uses" : "s still use"} it.`, true);
      await objects.remove("device_profile", [remoteProfileId]);
    },

    async readProfile(remoteProfileId) {
      const profile = await objects.get<ProfileData>("device_profile", remoteProfileId);
      return profile && { id: profile.id, name: profile.data.name, region: profile.data.region, macVersion: profile.data.macVersion, deviceClass: profile.data.deviceClass, codecSource: profile.data.codecSource, supportsOtaa: profile.data.supportsOtaa };
    },

    async findDevice(devEui) {
      const device = await objects.get<DeviceData>("device", devEui);
      return device && remoteDevice(device);
    },

    async writeDevice(organisation, spec, current) {
      const data: DeviceData = { name: spec.name, description: spec.description, profileId: spec.remoteProfileId, disabled: spec.disabled, secretsEnc: seal(spec.devEui, spec.secrets) };
      const application = await objects.get("application", organisation.remoteApplicationId);
      const profile = await objects.get("device_profile", spec.remoteProfileId);
      if (!application) throw refused("write the device", `Object does not exist (id: ${organisation.remoteApplicationId})`);
      if (!profile || profile.parentId !== application.parentId) throw refused("write the device", "The device-profile and application must be under the same tenant");
      if (current) {
        if (current.applicationId !== organisation.remoteApplicationId) throw deviceElsewhere(spec.devEui);
        const changed = deviceDifferences(spec, current);
        if (changed.length) await objects.update("device", spec.devEui, data);
        return { action: changed.length ? "updated" : "unchanged", changed };
      }
      const tenant = await objects.get<TenantData>("tenant", application.parentId!);
      const created = await objects.createDevice(application.parentId!, organisation.remoteApplicationId, spec.devEui, data, tenant?.data.maxDevices ?? 0);
      if (created === "limit") throw refused("create the device", "Not allowed (Max number of devices exceeded for tenant)");
      if (!created) {
        const found = await objects.get<DeviceData>("device", spec.devEui);
        if (found && found.parentId !== organisation.remoteApplicationId) throw deviceElsewhere(spec.devEui);
        return this.writeDevice(organisation, spec, found && remoteDevice(found));
      }
      return { action: "created", changed: ["name", "description", "profile", "disabled", "keys"] };
    },

    async removeDevice(devEui) {
      await objects.remove("device", [devEui]);
    },

    async listDevices(remoteApplicationId) {
      if (!(await objects.get("application", remoteApplicationId))) return null;
      return (await objects.list<DeviceData>("device", { parentId: remoteApplicationId })).map((d) => ({ devEui: d.id, name: d.data.name }));
    },

    async ensureCouncilTenant(name, known) {
      if (known && (await objects.get("tenant", known))) return known;
      const tagged = (await objects.list("tenant", { tag: ["longreach_council", "true"] }))[0];
      return tagged?.id ?? (await objects.create("tenant", null, { name, canHaveGateways: true, maxDevices: 0, maxGateways: 0, tags: { longreach_council: "true" } } satisfies TenantData))!;
    },

    async findGateway(gatewayEui) {
      const gateway = await objects.get<GatewayData>("gateway", gatewayEui);
      return gateway && remoteGateway(gateway);
    },

    async writeGateway(councilTenantId, spec, current) {
      const data: GatewayData = { name: spec.name, latitude: spec.latitude, longitude: spec.longitude };
      if (current && current.remoteTenantId !== councilTenantId) throw refused("write the gateway", `it is registered under another tenant (${current.remoteTenantId})`);
      if (current) {
        if (!gatewayDifferences(spec, current).length) return "unchanged";
        await objects.update("gateway", spec.gatewayEui, data);
        return "updated";
      }
      if (!(await objects.create("gateway", councilTenantId, data, spec.gatewayEui))) throw refused("create the gateway", `Object already exists (id: ${spec.gatewayEui})`);
      return "created";
    },

    async removeGateway(gatewayEui) {
      await objects.remove("gateway", [gatewayEui]);
    },

    async listGateways(councilTenantId) {
      return (await objects.list<GatewayData>("gateway", { parentId: councilTenantId })).map(remoteGateway);
    },

    close() {},
  };
}
