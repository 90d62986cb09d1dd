import { withPlatform } from "@/server/db/scopes";
import type { ApplyContext } from "./apply-context";
import type { ClaimedJob } from "./claim-jobs";
import { forgetOrganisation, readOrganisation, readProfileMappings, readTenant, saveOrganisation } from "./local-state";
import { saveCouncilTenant } from "./management";

/** The subject id of the job that makes the council's own server-side tenant (for its gateways). */
export const COUNCIL_SUBJECT = "council";

/**
 * Keeps a tenant's organisation (server-side tenant with the plan's limits, and its application)
 * matching it, or removes it once the tenant is closed. An adopted organisation keeps what was there
 * before Longreach: only the devices (their own jobs) and the profiles Longreach made go.
 */
export async function applyTenantJob(ctx: ApplyContext, job: ClaimedJob): Promise<string> {
  const { server, connectionId } = ctx.target;
  if (job.subjectId === COUNCIL_SUBJECT) {
    const remoteTenantId = await server.ensureCouncilTenant(ctx.councilName, ctx.target.councilRemoteTenantId);
    await saveCouncilTenant(ctx.db, connectionId, remoteTenantId);
    return remoteTenantId === ctx.target.councilRemoteTenantId ? "nothing to change" : "created the council's tenant";
  }
  const tenantId = job.tenantId!;
  const [tenant, known] = await Promise.all([readTenant(ctx.db, tenantId), readOrganisation(ctx.db, tenantId, connectionId)]);
  if (!tenant || tenant.status === "closed") {
    if (!known) return "nothing to remove";
    if (!known.createdRemoteTenant) {
      for (const mapping of await readProfileMappings(ctx.db, tenantId, connectionId)) await server.removeProfile(mapping.remoteProfileId);
    }
    await server.removeOrganisation(known);
    await forgetOrganisation(ctx.db, tenantId, connectionId);
    return known.createdRemoteTenant ? "removed" : "removed Longreach's profiles (the adopted application stays)";
  }
  const organisation = await server.ensureOrganisation({ tenantId, name: tenant.name, maxDevices: tenant.maxDevices, maxGateways: tenant.maxGateways }, known);
  await withPlatform(ctx.db, (tx) => saveOrganisation(tx, tenantId, connectionId, organisation));
  if (!known) return "created";
  return known.remoteApplicationId === organisation.remoteApplicationId ? "updated" : "re-created the application";
}
