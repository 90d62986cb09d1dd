import { DEFAULT_PROFILE, profileKeyOfSubject, profileSpecOf } from "@/domain/provisioning";
import { withPlatform } from "@/server/db/scopes";
import { awaitDependency, type ApplyContext } from "./apply-context";
import type { ClaimedJob } from "./claim-jobs";
import { activationsUsing, forgetProfileMapping, readOrganisation, readProfile, readProfileMappings, readTenant, saveProfileMapping } from "./local-state";

/**
 * Keeps a Longreach profile's network-server profiles (one per activation its devices use) matching it,
 * or removes them once it is deleted. Profiles are made here, on first need, so the server holds no
 * profile nobody uses.
 */
export async function applyProfileJob(ctx: ApplyContext, job: ClaimedJob): Promise<string> {
  const { server, connectionId } = ctx.target;
  const tenantId = job.tenantId!;
  const profileKey = profileKeyOfSubject(job.subjectId);
  const [tenant, mappings] = await Promise.all([readTenant(ctx.db, tenantId), readProfileMappings(ctx.db, tenantId, connectionId, profileKey)]);
  const profile = profileKey === "default" ? DEFAULT_PROFILE : await readProfile(ctx.db, tenantId, profileKey);

  if (!profile || !tenant || tenant.status === "closed") {
    for (const mapping of mappings) {
      await server.removeProfile(mapping.remoteProfileId);
      await forgetProfileMapping(ctx.db, { tenantId, connectionId, ...mapping });
    }
    return mappings.length ? `removed ${mappings.length}` : "nothing to remove";
  }
  const organisation = await readOrganisation(ctx.db, tenantId, connectionId);
  if (!organisation) return awaitDependency(ctx, job, { tenantId, subject: "tenant", subjectId: tenantId, reason: "needed_by_profile" }, "the organisation on the network server");

  const activations = new Set([...mappings.map((m) => m.activation), ...(await activationsUsing(ctx.db, tenantId, profileKey))]);
  let made = 0;
  for (const activation of activations) {
    const known = mappings.find((m) => m.activation === activation);
    const remoteProfileId = await server.ensureProfile(organisation, profileSpecOf(tenantId, profileKey, activation, profile), known?.remoteProfileId ?? null);
    if (remoteProfileId !== known?.remoteProfileId) {
      made++;
      await withPlatform(ctx.db, (tx) => saveProfileMapping(tx, { tenantId, connectionId, profileKey, activation, remoteProfileId }));
    }
  }
  return made ? `created ${made}` : activations.size ? "updated" : "nothing in use";
}
