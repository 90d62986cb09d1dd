import { eq, sql } from "drizzle-orm";
import {
  compareDevices, compareGateways, DEFAULT_PROFILE, deviceSpecOf, profileKeyOf,
  type Difference, type LocalDevice, type LocalProfile, type RemoteDevice,
} from "@/domain/provisioning";
import type { Database } from "@/server/db";
import { inParallel } from "@/server/jobs/in-parallel";
import { resultRows } from "@/server/db/result-rows";
import { deviceProfiles, devices, gateways, provisioningOrganisations, provisioningProfiles, tenants } from "@/server/db/schema";
import { withPlatform } from "@/server/db/scopes";
import { revealKeys } from "@/server/devices/device-key-columns";
import type { ProvisioningTarget } from "./management";

export interface DriftReport {
  checkedAt: Date;
  server: string;
  compared: { tenants: number; devices: number; gateways: number };
  differences: Difference[];
}

/** Devices read from the server at a time: each is three calls (device, keys, session). */
const READ_CONCURRENCY = 8;

/**
 * Compares Longreach with the managed network server: every tenant's organisation and devices (keys,
 * profile, disabled flag, name), and the council's gateways; or only one tenant's, with `tenantId`.
 * Reads only; fixes are separate (fixDifference). Tenants, their devices and the gateways come in
 * name order, so the report reads the same from one check to the next.
 */
export async function checkDrift(db: Database, target: ProvisioningTarget, options: { tenantId?: string; now?: Date } = {}): Promise<DriftReport> {
  const now = options.now ?? new Date();
  const only = options.tenantId;
  const { server, connectionId } = target;
  const local = await withPlatform(db, async (tx) => ({
    tenants: await tx.select({ id: tenants.id, name: tenants.name, status: tenants.status }).from(tenants).where(only ? eq(tenants.id, only) : undefined).orderBy(tenants.name),
    organisations: await tx.select().from(provisioningOrganisations).where(eq(provisioningOrganisations.connectionId, connectionId)),
    profiles: await tx.select().from(provisioningProfiles).where(eq(provisioningProfiles.connectionId, connectionId)),
    devices: await tx.select({ device: devices, profile: deviceProfiles }).from(devices).leftJoin(deviceProfiles, sql`${deviceProfiles.tenantId} = ${devices.tenantId} and ${deviceProfiles.id} = ${devices.profileId}`).where(only ? eq(devices.tenantId, only) : undefined).orderBy(devices.name, devices.devEui),
    gateways: only ? [] : await tx.select({ gatewayEui: gateways.gatewayEui, name: gateways.name, latitude: gateways.latitude, longitude: gateways.longitude }).from(gateways).orderBy(gateways.name, gateways.gatewayEui),
    pending: resultRows<{ key: string }>(await tx.execute(sql`select distinct coalesce(dev_eui, subject_id) as key from provisioning_jobs where status = 'pending'`)).map((r) => r.key),
  }));
  const pending = new Set(local.pending);
  const differences: Difference[] = [];
  let comparedDevices = 0;

  for (const tenant of local.tenants) {
    const organisation = local.organisations.find((o) => o.tenantId === tenant.id);
    const tenantDevices = local.devices.filter((d) => d.device.tenantId === tenant.id);
    const common = { tenantId: tenant.id, tenantName: tenant.name, pending: pending.has(tenant.id) };
    if (tenant.status === "closed") {
      if (organisation) differences.push({ kind: "organisation_not_removed", ...common });
      continue;
    }
    if (!organisation) {
      differences.push({ kind: "organisation_missing", ...common, devices: tenantDevices.length });
      continue;
    }
    const remoteList = await server.listDevices(organisation.remoteApplicationId);
    if (!remoteList) {
      differences.push({ kind: "application_missing", ...common, remoteApplicationId: organisation.remoteApplicationId });
      continue;
    }
    const remote = (await inParallel(remoteList, READ_CONCURRENCY, (d) => server.findDevice(d.devEui))).filter((d): d is RemoteDevice => d !== null);
    const expected: LocalDevice[] = tenantDevices.map(({ device, profile }) => {
      const profileKey = profileKeyOf(device.profileId);
      const mapping = local.profiles.find((p) => p.tenantId === tenant.id && p.profileKey === profileKey && p.activation === device.activation);
      let spec = null;
      try {
        spec = deviceSpecOf(device, revealKeys(device.id, device), {
          remoteProfileId: mapping?.remoteProfileId ?? "",
          macVersion: ((profile ?? DEFAULT_PROFILE) as LocalProfile).macVersion,
          disabled: tenant.status === "suspended",
        });
      } catch {
        // Undecryptable keys: reported as such, never compared.
      }
      return { deviceId: device.id, devEui: device.devEui, name: device.name, spec };
    });
    comparedDevices += expected.length;
    differences.push(...compareDevices({ tenant, local: expected, remote, pending }));
  }

  const remoteGateways = target.councilRemoteTenantId && !only ? await server.listGateways(target.councilRemoteTenantId) : [];
  differences.push(...compareGateways({ local: local.gateways, remote: remoteGateways, pending }));
  return {
    checkedAt: now,
    server: server.description,
    compared: { tenants: local.tenants.length, devices: comparedDevices, gateways: local.gateways.length },
    differences,
  };
}
