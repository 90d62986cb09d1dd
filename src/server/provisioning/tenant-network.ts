import { and, count, eq } from "drizzle-orm";
import type { RemoteDevice } from "@/domain/provisioning";
import type { Database } from "@/server/db";
import { withPlatform } from "@/server/db/scopes";
import { provisioningJobs } from "@/server/db/schema";
import { inParallel } from "@/server/jobs/in-parallel";
import { readOrganisation } from "./local-state";
import type { ProvisioningTarget } from "./management";

/**
 * What the managed network server holds for one tenant, read live (never the keys: only whether it has
 * them): the devices whose name or DevEUI contains `search`, a page at a time in the server's order,
 * as each device shown is three calls. `pendingJobs` says how many of the tenant's changes are still on
 * their way there, so a page can look again soon while some are and seldom while none are.
 */
export async function tenantOnNetwork(db: Database, target: ProvisioningTarget, input: { tenantId: string; search?: string; page: number; pageSize: number }) {
  const [organisation, pendingJobs] = await Promise.all([readOrganisation(db, input.tenantId, target.connectionId), pendingJobsOf(db, input.tenantId)]);
  const base = { server: target.server.description, kind: target.kind, organisation, pendingJobs };
  if (!organisation) return { ...base, applicationMissing: false, total: 0, devices: [] };
  const listed = await target.server.listDevices(organisation.remoteApplicationId);
  if (!listed) return { ...base, applicationMissing: true, total: 0, devices: [] };
  const search = input.search?.toLowerCase();
  const matching = search ? listed.filter((d) => d.devEui.includes(search) || d.name.toLowerCase().includes(search)) : listed;
  const shown = matching.slice((input.page - 1) * input.pageSize, input.page * input.pageSize);
  const devices = (await inParallel(shown, 8, (d) => target.server.findDevice(d.devEui))).filter((d): d is RemoteDevice => d !== null);
  return {
    ...base,
    applicationMissing: false,
    total: matching.length,
    devices: devices.map((d) => ({ devEui: d.devEui, name: d.name, disabled: d.disabled, remoteProfileId: d.remoteProfileId, activation: d.secrets?.activation ?? null })),
  };
}

async function pendingJobsOf(db: Database, tenantId: string) {
  const [row] = await withPlatform(db, (tx) =>
    tx.select({ n: count() }).from(provisioningJobs).where(and(eq(provisioningJobs.tenantId, tenantId), eq(provisioningJobs.status, "pending"))),
  );
  return row?.n ?? 0;
}
