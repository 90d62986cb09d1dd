import { DEFAULT_PROFILE, deviceSpecOf, ProvisioningError, profileKeyOf, profileSubjectOf, type LocalProfile, type RemoteOrganisation } from "@/domain/provisioning";
import { revealKeys } from "@/server/devices/device-key-columns";
import { awaitDependency, type ApplyContext } from "./apply-context";
import type { ClaimedJob } from "./claim-jobs";
import { readDeviceJobState, registeredAgain } from "./local-state";

/**
 * Makes the network server hold the device as Longreach does: present (disabled while its tenant is
 * suspended) while it exists and its tenant is not closed, absent otherwise. The device is read by the
 * job's own tenant id and written only into that tenant's application, so no job can provision a
 * device into another tenant's organisation, and a DevEUI found in another application is left alone.
 */
export async function applyDeviceJob(ctx: ApplyContext, job: ClaimedJob): Promise<string> {
  const { server, connectionId } = ctx.target;
  const tenantId = job.tenantId!;
  const { local, tenant, organisation, mappings } = await readDeviceJobState(ctx.db, tenantId, job.subjectId, connectionId);
  const devEui = local?.device.devEui ?? job.devEui;
  if (!local) return removeIfOurs(ctx, organisation, devEui, (eui) => registeredAgain(ctx.db, tenantId, eui));
  if (!tenant || tenant.status === "closed") return removeIfOurs(ctx, organisation, devEui);

  if (!organisation) {
    return awaitDependency(ctx, job, { tenantId, subject: "tenant", subjectId: tenantId, reason: "needed_by_device" }, "the organisation on the network server");
  }
  const { device } = local;
  const profileKey = profileKeyOf(device.profileId);
  // Stored values are the profile form's choices (domain/devices/profile-options).
  const profile = (local.profile ?? DEFAULT_PROFILE) as LocalProfile;
  const mapping = mappings.find((m) => m.activation === device.activation);
  if (!mapping) {
    return awaitDependency(ctx, job, { tenantId, subject: "profile", subjectId: profileSubjectOf(tenantId, profileKey), reason: "needed_by_device" }, `the device profile '${profile.name}' on the network server`);
  }
  let keys;
  try {
    keys = revealKeys(device.id, device);
  } catch {
    throw new ProvisioningError("This device's keys cannot be decrypted with the server's DEVICE_KEY_ENCRYPTION_KEY, so they cannot be sent to the network server.", false);
  }
  let spec;
  try {
    spec = deviceSpecOf(device, keys, { remoteProfileId: mapping.remoteProfileId, macVersion: profile.macVersion, disabled: tenant.status === "suspended" });
  } catch {
    throw new ProvisioningError(`Longreach holds no ${device.activation === "otaa" ? "JoinEUI and AppKey" : "DevAddr and session keys"} for this device, so it cannot be provisioned; delete it and register it again with its keys.`, false);
  }
  const write = await server.writeDevice(organisation, spec, await server.findDevice(device.devEui));
  if (write.action === "unchanged") return "nothing to change";
  return write.action === "created" ? (spec.disabled ? "created (disabled)" : "created") : `updated ${write.changed.join(", ")}${write.changed.includes("disabled") ? (spec.disabled ? " (disabled)" : " (enabled)") : ""}`;
}

/**
 * Removes the DevEUI from the tenant's application, unless it is in another application, or (for a
 * deleted device) the tenant has since registered the DevEUI again: then the server's copy is the new
 * device's, which its own job updates in place, so a late or retried removal never takes it away.
 */
async function removeIfOurs(ctx: ApplyContext, organisation: RemoteOrganisation | null, devEui: string | null, isRegisteredAgain?: (devEui: string) => Promise<boolean>) {
  if (!organisation || !devEui) return "nothing to remove";
  const current = await ctx.target.server.findDevice(devEui);
  if (!current) return "not on the network server";
  if (current.applicationId !== organisation.remoteApplicationId) return "left alone: on the network server it is in another application";
  if (await isRegisteredAgain?.(devEui)) return "left alone: registered again as a new device, whose own job updates it";
  await ctx.target.server.removeDevice(devEui);
  return "removed";
}
