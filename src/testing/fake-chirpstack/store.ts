import { randomUUID } from "node:crypto";
import { status } from "@grpc/grpc-js";
import applicationPb from "@chirpstack/chirpstack-api/api/application_pb.js";
import devicePb from "@chirpstack/chirpstack-api/api/device_pb.js";
import profilePb from "@chirpstack/chirpstack-api/api/device_profile_pb.js";
import gatewayPb from "@chirpstack/chirpstack-api/api/gateway_pb.js";
import tenantPb from "@chirpstack/chirpstack-api/api/tenant_pb.js";
import type jspb from "google-protobuf";

/** A gRPC status with ChirpStack's own wording (see chirpstack/src/api/error.rs and storage/error.rs). */
export class FakeStatus extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
  ) {
    super(details);
  }
}

export const notFound = (id: string) => new FakeStatus(status.NOT_FOUND, `Object does not exist (id: ${id})`);
export const alreadyExists = (id: string) => new FakeStatus(status.ALREADY_EXISTS, `Object already exists (id: ${id})`);
export const notAllowed = (why: string) => new FakeStatus(status.INVALID_ARGUMENT, `Not allowed (${why})`);
export const invalid = (why: string) => new FakeStatus(status.INVALID_ARGUMENT, why);

/** Stored messages are copies, so a caller changing its request object afterwards changes nothing here. */
export function copy<M extends jspb.Message>(message: M): M {
  return (message.constructor as unknown as { deserializeBinary(bytes: Uint8Array): M }).deserializeBinary(message.serializeBinary());
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EUI = /^[0-9a-f]{16}$/;
const KEY = /^[0-9a-f]{32}$/;

export function requireUuid(value: string, what: string) {
  if (!UUID.test(value)) throw invalid(`invalid ${what}: '${value}' is not a UUID`);
  return value;
}
export function requireEui(value: string) {
  if (!EUI.test(value.toLowerCase())) throw invalid(`Invalid EUI64: '${value}'`);
  return value.toLowerCase();
}
export function requireKey(value: string, what: string) {
  if (!KEY.test(value.toLowerCase())) throw invalid(`Invalid ${what}: AES128 key must be 32 hex characters`);
  return value.toLowerCase();
}

/**
 * ChirpStack's objects in memory, with the rules provisioning relies on: DevEUIs and gateway ids unique
 * network-wide, a tenant's device and gateway limits, a device's profile in its application's tenant,
 * and deletes cascading as ChirpStack's foreign keys do (tenant → applications, profiles, gateways;
 * application → devices; profile → devices).
 */
export class FakeChirpstackStore {
  readonly tenants = new Map<string, tenantPb.Tenant>();
  readonly applications = new Map<string, applicationPb.Application>();
  readonly profiles = new Map<string, profilePb.DeviceProfile>();
  readonly devices = new Map<string, devicePb.Device>();
  readonly keys = new Map<string, devicePb.DeviceKeys>();
  readonly activations = new Map<string, devicePb.DeviceActivation>();
  readonly gateways = new Map<string, gatewayPb.Gateway>();

  tenant(id: string) {
    const tenant = this.tenants.get(requireUuid(id, "tenant id"));
    if (!tenant) throw notFound(id);
    return tenant;
  }
  application(id: string) {
    const application = this.applications.get(requireUuid(id, "application id"));
    if (!application) throw notFound(id);
    return application;
  }
  profile(id: string) {
    const profile = this.profiles.get(requireUuid(id, "device-profile id"));
    if (!profile) throw notFound(id);
    return profile;
  }
  device(devEui: string) {
    const device = this.devices.get(requireEui(devEui));
    if (!device) throw notFound(devEui);
    return device;
  }
  gateway(gatewayId: string) {
    const gateway = this.gateways.get(requireEui(gatewayId));
    if (!gateway) throw notFound(gatewayId);
    return gateway;
  }

  createTenant(tenant: tenantPb.Tenant) {
    const stored = copy(tenant);
    stored.setId(randomUUID());
    this.tenants.set(stored.getId(), stored);
    return stored.getId();
  }

  createApplication(application: applicationPb.Application) {
    this.tenant(application.getTenantId());
    const stored = copy(application);
    stored.setId(randomUUID());
    this.applications.set(stored.getId(), stored);
    return stored.getId();
  }

  createProfile(profile: profilePb.DeviceProfile) {
    this.tenant(profile.getTenantId());
    const stored = copy(profile);
    stored.setId(randomUUID());
    this.profiles.set(stored.getId(), stored);
    return stored.getId();
  }

  /** A device's tenant and profile must match; the tenant's device limit applies (storage/device.rs). */
  private checkDevice(device: devicePb.Device) {
    const application = this.application(device.getApplicationId());
    const profile = this.profile(device.getDeviceProfileId());
    if (profile.getTenantId() !== application.getTenantId()) throw invalid("The device-profile and application must be under the same tenant");
    return application;
  }

  createDevice(device: devicePb.Device) {
    const devEui = requireEui(device.getDevEui());
    const application = this.checkDevice(device);
    const tenant = this.tenant(application.getTenantId());
    const count = [...this.devices.values()].filter((d) => this.applications.get(d.getApplicationId())?.getTenantId() === tenant.getId()).length;
    if (tenant.getMaxDeviceCount() !== 0 && count >= tenant.getMaxDeviceCount()) throw notAllowed("Max number of devices exceeded for tenant");
    if (this.devices.has(devEui)) throw alreadyExists(devEui);
    const stored = copy(device);
    stored.setDevEui(devEui);
    this.devices.set(devEui, stored);
  }

  updateDevice(device: devicePb.Device) {
    const existing = this.device(device.getDevEui());
    this.checkDevice(device);
    // ChirpStack's update changes neither the device's application nor its DevEUI.
    const stored = copy(device);
    stored.setDevEui(existing.getDevEui());
    stored.setApplicationId(existing.getApplicationId());
    this.devices.set(existing.getDevEui(), stored);
  }

  deleteDevice(devEui: string) {
    const eui = requireEui(devEui);
    if (!this.devices.delete(eui)) throw notFound(devEui);
    this.keys.delete(eui);
    this.activations.delete(eui);
  }

  deleteProfile(id: string) {
    this.profile(id);
    this.profiles.delete(id);
    for (const [devEui, device] of this.devices) if (device.getDeviceProfileId() === id) this.deleteDevice(devEui);
  }

  deleteApplication(id: string) {
    this.application(id);
    this.applications.delete(id);
    for (const [devEui, device] of this.devices) if (device.getApplicationId() === id) this.deleteDevice(devEui);
  }

  deleteTenant(id: string) {
    this.tenant(id);
    this.tenants.delete(id);
    for (const [applicationId, application] of this.applications) if (application.getTenantId() === id) this.deleteApplication(applicationId);
    for (const [profileId, profile] of this.profiles) if (profile.getTenantId() === id) this.deleteProfile(profileId);
    for (const [gatewayId, gateway] of this.gateways) if (gateway.getTenantId() === id) this.gateways.delete(gatewayId);
  }

  createGateway(gateway: gatewayPb.Gateway) {
    const gatewayId = requireEui(gateway.getGatewayId());
    const tenant = this.tenant(gateway.getTenantId());
    if (!tenant.getCanHaveGateways()) throw notAllowed("Tenant can not have gateways");
    const count = [...this.gateways.values()].filter((g) => g.getTenantId() === tenant.getId()).length;
    if (tenant.getMaxGatewayCount() !== 0 && count >= tenant.getMaxGatewayCount()) throw notAllowed("Max number of gateways exceeded for tenant");
    if (this.gateways.has(gatewayId)) throw alreadyExists(gatewayId);
    const stored = copy(gateway);
    stored.setGatewayId(gatewayId);
    this.gateways.set(gatewayId, stored);
  }
}

/** ChirpStack's paging: `limit` items from `offset`, with the total before paging. */
export function page<T>(items: T[], limit: number, offset: number) {
  return { total: items.length, items: items.slice(offset, offset + (limit || items.length)) };
}
