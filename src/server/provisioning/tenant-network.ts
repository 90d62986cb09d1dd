import type { RemoteDevice } from "@/domain/provisioning";
import type { Database } from "@/server/db";
import { inParallel } from "@/server/jobs/in-parallel";
import { readOrganisation } from "./local-state";
import type { ProvisioningTarget } from "./management";

/** Devices read live for the operator's "on the network server" list. */
export const TENANT_NETWORK_LIMIT = 100;

/** What the managed network server holds for one tenant, read live (never the keys: only whether it has them). */
export async function tenantOnNetwork(db: Database, target: ProvisioningTarget, tenantId: string) {
  const organisation = await readOrganisation(db, tenantId, target.connectionId);
  const base = { server: target.server.description, kind: target.kind, organisation };
  if (!organisation) return { ...base, applicationMissing: false, total: 0, devices: [] };
  const listed = await target.server.listDevices(organisation.remoteApplicationId);
  if (!listed) return { ...base, applicationMissing: true, total: 0, devices: [] };
  const devices = (await inParallel(listed.slice(0, TENANT_NETWORK_LIMIT), 8, (d) => target.server.findDevice(d.devEui))).filter((d): d is RemoteDevice => d !== null);
  return {
    ...base,
    applicationMissing: false,
    total: listed.length,
    devices: devices.map((d) => ({ devEui: d.devEui, name: d.name, disabled: d.disabled, remoteProfileId: d.remoteProfileId, activation: d.secrets?.activation ?? null })),
  };
}
