import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { DeviceProfileInput } from "@/domain/devices";
import { conflict, notFound } from "@/domain/errors";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { deviceProfiles, devices } from "@/server/db/schema";

/** A tenant's device profiles with how many devices use each. */
export function listDeviceProfiles(tx: Database, tenantId: string) {
  return tx
    .select({
      id: deviceProfiles.id, name: deviceProfiles.name, region: deviceProfiles.region, macVersion: deviceProfiles.macVersion,
      deviceClass: deviceProfiles.deviceClass, codecSource: deviceProfiles.codecSource, createdAt: deviceProfiles.createdAt,
      // Spelled out: drizzle leaves the outer columns unqualified here, and devices has its own tenant_id and id.
      devices: sql<number>`(select count(*)::int from ${devices} d where d.tenant_id = device_profiles.tenant_id and d.profile_id = device_profiles.id)`,
    })
    .from(deviceProfiles)
    .where(eq(deviceProfiles.tenantId, tenantId))
    .orderBy(asc(deviceProfiles.name));
}

/** Refuses a profile id that isn't this tenant's, in the same words as one that doesn't exist. */
export async function assertProfileExists(tx: Database, tenantId: string, profileId: string) {
  const [row] = await tx.select({ id: deviceProfiles.id }).from(deviceProfiles).where(and(eq(deviceProfiles.tenantId, tenantId), eq(deviceProfiles.id, profileId)));
  if (!row) throw notFound("That device profile");
}

/** Profiles are chosen by name (in the CSV import too), so two may not share one, whatever the case. */
async function assertNameFree(tx: Database, tenantId: string, name: string, exceptId?: string) {
  const [taken] = await tx
    .select({ id: deviceProfiles.id })
    .from(deviceProfiles)
    .where(and(eq(deviceProfiles.tenantId, tenantId), sql`lower(${deviceProfiles.name}) = lower(${name})`, exceptId ? ne(deviceProfiles.id, exceptId) : undefined));
  if (taken) throw conflict(`There is already a profile called '${name}'; choose another name.`);
}

const auditDetails = (input: DeviceProfileInput) => ({ name: input.name, region: input.region, macVersion: input.macVersion, deviceClass: input.deviceClass, codec: input.codecSource !== null });

/** The codec must already have passed validateCodecSource (the API input does that before the transaction). */
export async function createDeviceProfile(tx: Database, actor: Actor, tenantId: string, input: DeviceProfileInput) {
  await assertNameFree(tx, tenantId, input.name);
  const [profile] = await tx.insert(deviceProfiles).values({ ...input, tenantId }).returning({ id: deviceProfiles.id, name: deviceProfiles.name });
  await recordAudit(tx, actor, { tenantId, action: "device_profile.created", targetType: "device_profile", targetId: profile!.id, details: auditDetails(input) });
  return profile!;
}

export async function updateDeviceProfile(tx: Database, actor: Actor, tenantId: string, profileId: string, input: DeviceProfileInput) {
  await assertProfileExists(tx, tenantId, profileId);
  await assertNameFree(tx, tenantId, input.name, profileId);
  const [profile] = await tx
    .update(deviceProfiles)
    .set(input)
    .where(and(eq(deviceProfiles.tenantId, tenantId), eq(deviceProfiles.id, profileId)))
    .returning({ id: deviceProfiles.id, name: deviceProfiles.name });
  await recordAudit(tx, actor, { tenantId, action: "device_profile.updated", targetType: "device_profile", targetId: profileId, details: auditDetails(input) });
  return profile!;
}

/** Refused while devices use the profile: they would lose their region and codec silently. */
export async function deleteDeviceProfile(tx: Database, actor: Actor, tenantId: string, profileId: string) {
  const [profile] = await tx
    .select({ name: deviceProfiles.name })
    .from(deviceProfiles)
    .where(and(eq(deviceProfiles.tenantId, tenantId), eq(deviceProfiles.id, profileId)))
    .for("update");
  if (!profile) throw notFound("That device profile");
  const [usage] = await tx.select({ count: sql<number>`count(*)::int` }).from(devices).where(and(eq(devices.tenantId, tenantId), eq(devices.profileId, profileId)));
  const count = usage?.count ?? 0;
  if (count > 0) {
    throw conflict(`'${profile.name}' is used by ${count} device${count === 1 ? "" : "s"}; move ${count === 1 ? "it" : "them"} to another profile (or to none) before deleting it.`);
  }
  await tx.delete(deviceProfiles).where(and(eq(deviceProfiles.tenantId, tenantId), eq(deviceProfiles.id, profileId)));
  await recordAudit(tx, actor, { tenantId, action: "device_profile.deleted", targetType: "device_profile", targetId: profileId, details: { name: profile.name } });
}
