import { and, eq, inArray, sql } from "drizzle-orm";
import type { NewDevice } from "@/domain/devices";
import { conflict, invalid, notFound } from "@/domain/errors";
import type { RemoteDevice, RemoteOrganisation, RemoteProfile } from "@/domain/provisioning";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { deviceProfiles, devices, provisioningOrganisations, provisioningProfiles, tenants } from "@/server/db/schema";
import { withPlatform } from "@/server/db/scopes";
import { newDeviceRow } from "@/server/devices/device-registry";
import { inParallel } from "@/server/jobs/in-parallel";
import { readOrganisation, saveOrganisation, saveProfileMapping } from "./local-state";
import type { ProvisioningTarget } from "./management";

/**
 * Adoption: how a council moves an existing ChirpStack application into Longreach. The application
 * becomes the tenant's (Longreach then provisions into it), and its devices are registered in the
 * tenant with the keys the network server holds, each under a Longreach profile matching its
 * server-side one. Keys are read and stored by the server only; the preview never shows them.
 */

export type AdoptionVerdict = "ready" | "registered" | "no_keys" | "unsupported_profile";

export interface AdoptionCandidate {
  devEui: string;
  name: string;
  profileName: string | null;
  activation: "otaa" | "abp" | null;
  verdict: AdoptionVerdict;
}

/** The server's applications, each with the Longreach tenant it already belongs to, if any. */
export async function adoptableApplications(db: Database, target: ProvisioningTarget) {
  const applications = await target.server.listApplications();
  const mapped = await withPlatform(db, (tx) =>
    tx.select({ applicationId: provisioningOrganisations.remoteApplicationId, tenantId: tenants.id, tenantName: tenants.name })
      .from(provisioningOrganisations).innerJoin(tenants, eq(tenants.id, provisioningOrganisations.tenantId))
      .where(eq(provisioningOrganisations.connectionId, target.connectionId)),
  );
  return applications.map((application) => {
    const owner = mapped.find((m) => m.applicationId === application.id);
    return { ...application, tenantId: owner?.tenantId ?? null, tenantName: owner?.tenantName ?? null };
  });
}

async function readApplication(db: Database, target: ProvisioningTarget, remoteApplicationId: string, devEuis?: string[]) {
  const applications = await target.server.listApplications();
  const application = applications.find((a) => a.id === remoteApplicationId);
  if (!application) throw notFound("That application on the network server");
  const listed = (await target.server.listDevices(remoteApplicationId)) ?? [];
  const wanted = devEuis ? listed.filter((d) => devEuis.includes(d.devEui)) : listed;
  const remote = (await inParallel(wanted, 8, (d) => target.server.findDevice(d.devEui))).filter((d): d is RemoteDevice => d !== null && d.applicationId === remoteApplicationId);
  const profiles = new Map<string, RemoteProfile | null>();
  for (const id of new Set(remote.map((d) => d.remoteProfileId))) profiles.set(id, await target.server.readProfile(id));
  const registered = new Set(
    remote.length
      ? (await withPlatform(db, (tx) => tx.select({ devEui: devices.devEui }).from(devices).where(inArray(devices.devEui, remote.map((d) => d.devEui))))).map((d) => d.devEui)
      : [],
  );
  const verdictOf = (device: RemoteDevice): AdoptionVerdict => {
    if (registered.has(device.devEui)) return "registered";
    if (!device.secrets) return "no_keys";
    const profile = profiles.get(device.remoteProfileId);
    return profile?.region && profile.macVersion ? "ready" : "unsupported_profile";
  };
  return { application, applications, remote, profiles, verdictOf };
}

export async function previewAdoption(db: Database, target: ProvisioningTarget, remoteApplicationId: string) {
  const { application, remote, profiles, verdictOf } = await readApplication(db, target, remoteApplicationId);
  const candidates: AdoptionCandidate[] = remote.map((device) => ({
    devEui: device.devEui, name: device.name, profileName: profiles.get(device.remoteProfileId)?.name ?? null, activation: device.secrets?.activation ?? null, verdict: verdictOf(device),
  }));
  return { application, candidates };
}

/** Profile names in Longreach drop ChirpStack's " (ABP)" suffix that Longreach itself adds. */
const localProfileName = (remoteName: string) => remoteName.replace(/ \(ABP\)$/, "").slice(0, 80) || "Adopted profile";

/**
 * Links the application to the tenant (unless it already is) and registers its ready devices (all, or
 * those named), in one transaction. The devices' jobs then confirm them in sync.
 *
 * A tenant created while a network server is managed is onboarded at once with an application of its
 * own, so the usual migration (create the tenant in Longreach, then adopt the council's application into
 * it) finds one there. That application is replaced while it is still empty: no device in it on the
 * server and none registered in the tenant. The server-side tenant Longreach made for it is removed
 * with it (unless someone has since put another application there), so nothing is left behind.
 */
export async function adoptApplication(db: Database, actor: Actor, target: ProvisioningTarget, input: { tenantId: string; remoteApplicationId: string; devEuis?: string[] }) {
  const { application, applications, remote, profiles, verdictOf } = await readApplication(db, target, input.remoteApplicationId, input.devEuis);
  const ready = remote.filter((device) => verdictOf(device) === "ready");
  const skipped = remote.filter((device) => verdictOf(device) !== "ready").map((device) => ({ devEui: device.devEui, reason: verdictOf(device) }));
  const known = await readOrganisation(db, input.tenantId, target.connectionId);
  const replaced = known && known.remoteApplicationId !== application.id ? known : null;
  const devicesInReplaced = replaced ? ((await target.server.listDevices(replaced.remoteApplicationId)) ?? []).length : 0;
  return withPlatform(db, async (tx) => {
    const [tenant] = await tx.select({ id: tenants.id, name: tenants.name, status: tenants.status }).from(tenants).where(eq(tenants.id, input.tenantId));
    if (!tenant) throw notFound("That tenant");
    if (tenant.status === "closed") throw invalid(`${tenant.name} is closed; adopt into an active tenant.`);
    const links = await tx.select().from(provisioningOrganisations).where(eq(provisioningOrganisations.connectionId, target.connectionId));
    const ownLink = links.find((l) => l.tenantId === tenant.id);
    const otherOwner = links.find((l) => l.remoteApplicationId === application.id && l.tenantId !== tenant.id);
    if (otherOwner) throw conflict("That application already belongs to another Longreach tenant.");
    if (ownLink?.remoteApplicationId !== known?.remoteApplicationId) throw conflict(`${tenant.name}'s application on the network server changed meanwhile; try again.`);
    if (replaced) await assertReplaceable(tx, tenant, replaced, devicesInReplaced);
    if (ownLink?.remoteApplicationId !== application.id) {
      // The replaced application's profiles are in its server-side tenant, where the adopted devices are not.
      await tx.delete(provisioningProfiles).where(and(eq(provisioningProfiles.tenantId, tenant.id), eq(provisioningProfiles.connectionId, target.connectionId)));
      await saveOrganisation(tx, tenant.id, target.connectionId, { remoteTenantId: application.remoteTenantId, remoteApplicationId: application.id, createdRemoteTenant: false });
    }

    // One Longreach profile per server-side profile, found by name or made.
    const localProfiles = new Map<string, string>();
    for (const remoteProfileId of new Set(ready.map((d) => d.remoteProfileId))) {
      const profile = profiles.get(remoteProfileId)!;
      const name = localProfileName(profile.name);
      const [existing] = await tx.select({ id: deviceProfiles.id }).from(deviceProfiles).where(and(eq(deviceProfiles.tenantId, tenant.id), sql`lower(${deviceProfiles.name}) = lower(${name})`));
      const id = existing?.id ?? (await tx.insert(deviceProfiles).values({ tenantId: tenant.id, name, region: profile.region!, macVersion: profile.macVersion!, deviceClass: profile.deviceClass, codecSource: profile.codecSource }).returning({ id: deviceProfiles.id }))[0]!.id;
      localProfiles.set(remoteProfileId, id);
    }
    for (const device of ready) {
      await saveProfileMapping(tx, { tenantId: tenant.id, connectionId: target.connectionId, profileKey: localProfiles.get(device.remoteProfileId)!, activation: device.secrets!.activation, remoteProfileId: device.remoteProfileId });
    }
    await tx.execute(sql`select set_config('app.provisioning_reason', 'adopted', true)`);
    const rows = ready.map((device) => newDeviceRow(tenant.id, newDeviceOf(device), localProfiles.get(device.remoteProfileId)!));
    const inserted = rows.length ? await tx.insert(devices).values(rows).onConflictDoNothing({ target: devices.devEui }).returning({ devEui: devices.devEui }) : [];
    const adopted = inserted.map((d) => d.devEui);
    for (const device of ready) if (!adopted.includes(device.devEui)) skipped.push({ devEui: device.devEui, reason: "registered" });
    // Only what Longreach made and nobody else uses: a server-side tenant someone added an application to stays.
    const removeReplaced = replaced !== null && !applications.some((a) => a.remoteTenantId === replaced.remoteTenantId && a.id !== replaced.remoteApplicationId);
    const replacedApplication = replaced && { remoteTenantId: replaced.remoteTenantId, remoteApplicationId: replaced.remoteApplicationId, removed: removeReplaced };
    await recordAudit(tx, actor, {
      tenantId: tenant.id, action: "provisioning.adopted", targetType: "remote_application", targetId: application.id,
      details: { application: application.name, remoteTenantId: application.remoteTenantId, adopted: adopted.length, devEuis: adopted, skipped, ...(replacedApplication ? { replaced: replacedApplication } : {}) },
    });
    // Last, so a refusal here rolls the adoption back with nothing changed on either side.
    if (removeReplaced) await target.server.removeOrganisation(replaced);
    return { adopted: adopted.length, skipped, replaced: replacedApplication };
  });
}

/** The tenant's own application may be replaced only while nothing would be lost with it. */
async function assertReplaceable(tx: Database, tenant: { id: string; name: string }, replaced: RemoteOrganisation, devicesOnServer: number) {
  const mine = `${tenant.name} already has its own application on the network server (${replaced.remoteApplicationId})`;
  if (!replaced.createdRemoteTenant) throw conflict(`${mine}, adopted earlier; a tenant has one application.`);
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(devices).where(eq(devices.tenantId, tenant.id));
  const registered = row?.n ?? 0;
  if (devicesOnServer || registered) {
    const count = (n: number) => `${n} device${n === 1 ? "" : "s"}`;
    throw conflict(
      `${mine}, and it is not empty (${count(devicesOnServer)} in it on the network server, ${count(registered)} registered in ${tenant.name}). ` +
        "Adopting replaces a tenant's own application only while it is empty: adopt into a tenant without devices, or delete its devices first.",
    );
  }
}

function newDeviceOf(device: RemoteDevice): NewDevice {
  const common = { name: device.name.slice(0, 120) || device.devEui, devEui: device.devEui, description: device.description.slice(0, 1000), tags: [], profileId: null, location: null };
  const secrets = device.secrets!;
  return secrets.activation === "otaa"
    ? { ...common, activation: "otaa", joinEui: secrets.joinEui || "0000000000000000", appKey: secrets.appKey }
    : { ...common, activation: "abp", devAddr: secrets.devAddr, nwkSKey: secrets.nwkSKey, appSKey: secrets.appSKey };
}
