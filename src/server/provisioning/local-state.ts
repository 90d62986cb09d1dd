import { and, eq, sql } from "drizzle-orm";
import type { LocalProfile, RemoteOrganisation } from "@/domain/provisioning";
import type { Database } from "@/server/db";
import { deviceProfiles, devices, gateways, plans, provisioningOrganisations, provisioningProfiles, tenantBilling, tenants } from "@/server/db/schema";
import { withPlatform } from "@/server/db/scopes";

/**
 * What the worker reads from Longreach when it applies a job, and the mappings it keeps (which server-side
 * tenant, application and profiles belong to a Longreach tenant). Platform scope: jobs of every tenant,
 * each read strictly by its own tenant id.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readTenant(db: Database, tenantId: string) {
  return withPlatform(db, (tx) => tenantIn(tx, tenantId));
}

async function tenantIn(tx: Database, tenantId: string) {
  if (!UUID.test(tenantId)) return null;
  const [row] = await tx
    .select({ id: tenants.id, name: tenants.name, status: tenants.status, maxDevices: plans.maxDevices, maxGateways: plans.maxGateways })
    .from(tenants)
    .leftJoin(tenantBilling, eq(tenantBilling.tenantId, tenants.id))
    .leftJoin(plans, eq(plans.id, tenantBilling.planId))
    .where(eq(tenants.id, tenantId));
  return row ?? null;
}

/**
 * Everything a device job reads, in one transaction: the device (with its encrypted keys) and its
 * profile, its tenant, the tenant's organisation and the profile mappings of the device's profile.
 */
export function readDeviceJobState(db: Database, tenantId: string, deviceId: string, connectionId: string) {
  return withPlatform(db, async (tx) => {
    const [device] = UUID.test(deviceId)
      ? await tx
          .select({ device: devices, profile: deviceProfiles })
          .from(devices)
          .leftJoin(deviceProfiles, and(eq(deviceProfiles.tenantId, devices.tenantId), eq(deviceProfiles.id, devices.profileId)))
          .where(and(eq(devices.tenantId, tenantId), eq(devices.id, deviceId)))
      : [];
    const tenant = await tenantIn(tx, tenantId);
    const organisation = await organisationIn(tx, tenantId, connectionId);
    const mappings = device ? await profileMappingsIn(tx, tenantId, connectionId, device.device.profileId ?? "default") : [];
    return { local: device ?? null, tenant, organisation, mappings };
  });
}

/** Whether the tenant has a device with this DevEUI now (one registered again after a delete has a new id). */
export async function registeredAgain(db: Database, tenantId: string, devEui: string) {
  const [row] = await withPlatform(db, (tx) => tx.select({ id: devices.id }).from(devices).where(and(eq(devices.tenantId, tenantId), eq(devices.devEui, devEui))));
  return row !== undefined;
}

export async function readProfile(db: Database, tenantId: string, profileId: string): Promise<LocalProfile | null> {
  if (!UUID.test(profileId)) return null;
  const [row] = await withPlatform(db, (tx) =>
    tx
      .select({ name: deviceProfiles.name, region: deviceProfiles.region, macVersion: deviceProfiles.macVersion, deviceClass: deviceProfiles.deviceClass, codecSource: deviceProfiles.codecSource })
      .from(deviceProfiles)
      .where(and(eq(deviceProfiles.tenantId, tenantId), eq(deviceProfiles.id, profileId))),
  );
  return (row as LocalProfile | undefined) ?? null;
}

/** The activations the tenant's devices of a profile (or without one, for "default") use. */
export async function activationsUsing(db: Database, tenantId: string, profileKey: string) {
  const rows = await withPlatform(db, (tx) =>
    tx
      .selectDistinct({ activation: devices.activation })
      .from(devices)
      .where(and(eq(devices.tenantId, tenantId), profileKey === "default" ? sql`${devices.profileId} is null` : eq(devices.profileId, profileKey))),
  );
  return rows.map((r) => r.activation);
}

export async function readGateway(db: Database, gatewayEui: string) {
  const [row] = await withPlatform(db, (tx) =>
    tx.select({ gatewayEui: gateways.gatewayEui, name: gateways.name, latitude: gateways.latitude, longitude: gateways.longitude }).from(gateways).where(eq(gateways.gatewayEui, gatewayEui)),
  );
  return row ?? null;
}

export function readOrganisation(db: Database, tenantId: string, connectionId: string) {
  return withPlatform(db, (tx) => organisationIn(tx, tenantId, connectionId));
}

async function organisationIn(tx: Database, tenantId: string, connectionId: string): Promise<RemoteOrganisation | null> {
  if (!UUID.test(tenantId)) return null;
  const [row] = await tx
    .select({ remoteTenantId: provisioningOrganisations.remoteTenantId, remoteApplicationId: provisioningOrganisations.remoteApplicationId, createdRemoteTenant: provisioningOrganisations.createdRemoteTenant })
    .from(provisioningOrganisations)
    .where(and(eq(provisioningOrganisations.tenantId, tenantId), eq(provisioningOrganisations.connectionId, connectionId)));
  return row ?? null;
}

export async function saveOrganisation(tx: Database, tenantId: string, connectionId: string, organisation: RemoteOrganisation) {
  await tx
    .insert(provisioningOrganisations)
    .values({ tenantId, connectionId, ...organisation })
    .onConflictDoUpdate({ target: [provisioningOrganisations.tenantId, provisioningOrganisations.connectionId], set: { ...organisation, updatedAt: new Date() } });
}

export async function forgetOrganisation(db: Database, tenantId: string, connectionId: string) {
  await withPlatform(db, async (tx) => {
    await tx.delete(provisioningProfiles).where(and(eq(provisioningProfiles.tenantId, tenantId), eq(provisioningProfiles.connectionId, connectionId)));
    await tx.delete(provisioningOrganisations).where(and(eq(provisioningOrganisations.tenantId, tenantId), eq(provisioningOrganisations.connectionId, connectionId)));
  });
}

export function readProfileMappings(db: Database, tenantId: string, connectionId: string, profileKey?: string) {
  return withPlatform(db, (tx) => profileMappingsIn(tx, tenantId, connectionId, profileKey));
}

function profileMappingsIn(tx: Database, tenantId: string, connectionId: string, profileKey?: string) {
  return tx
    .select({ profileKey: provisioningProfiles.profileKey, activation: provisioningProfiles.activation, remoteProfileId: provisioningProfiles.remoteProfileId })
    .from(provisioningProfiles)
    .where(and(eq(provisioningProfiles.tenantId, tenantId), eq(provisioningProfiles.connectionId, connectionId), profileKey === undefined ? undefined : eq(provisioningProfiles.profileKey, profileKey)));
}

export async function saveProfileMapping(tx: Database, mapping: { tenantId: string; connectionId: string; profileKey: string; activation: "otaa" | "abp"; remoteProfileId: string }) {
  await tx
    .insert(provisioningProfiles)
    .values(mapping)
    .onConflictDoUpdate({ target: [provisioningProfiles.tenantId, provisioningProfiles.connectionId, provisioningProfiles.profileKey, provisioningProfiles.activation], set: { remoteProfileId: mapping.remoteProfileId } });
}

export async function forgetProfileMapping(db: Database, mapping: { tenantId: string; connectionId: string; profileKey: string; activation: "otaa" | "abp" }) {
  await withPlatform(db, (tx) =>
    tx.delete(provisioningProfiles).where(and(
      eq(provisioningProfiles.tenantId, mapping.tenantId), eq(provisioningProfiles.connectionId, mapping.connectionId),
      eq(provisioningProfiles.profileKey, mapping.profileKey), eq(provisioningProfiles.activation, mapping.activation),
    )),
  );
}
