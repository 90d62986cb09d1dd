import applicationPb from "@chirpstack/chirpstack-api/api/application_pb";
import devicePb from "@chirpstack/chirpstack-api/api/device_pb";
import profilePb from "@chirpstack/chirpstack-api/api/device_profile_pb";
import { ProvisioningError, type ProfileSpec, type RemoteOrganisation, type RemoteProfile } from "@/domain/provisioning";
import { changes, listEvery, setTags, TAGS, type ChirpstackClients } from "./chirpstack-clients";
import { chirpstackMacVersion, chirpstackRegion, chirpstackRegParams, deviceClassOf, macVersionOf, regionOf } from "./chirpstack-enums";

/** What Longreach sets on a ChirpStack device profile; everything else keeps ChirpStack's (or the council's) value. */
function applyProfileSpec(profile: profilePb.DeviceProfile, spec: ProfileSpec) {
  profile.setName(spec.activation === "abp" ? `${spec.name} (ABP)` : spec.name);
  profile.setRegion(chirpstackRegion(spec.region));
  profile.setMacVersion(chirpstackMacVersion(spec.macVersion));
  profile.setRegParamsRevision(chirpstackRegParams(spec.macVersion));
  profile.setSupportsOtaa(spec.activation === "otaa");
  profile.setSupportsClassB(spec.deviceClass === "B");
  profile.setSupportsClassC(spec.deviceClass === "C");
  // ChirpStack v4 runs the same decodeUplink(input) codecs Longreach does.
  profile.setPayloadCodecRuntime(spec.codecSource ? profilePb.CodecRuntime.JS : profilePb.CodecRuntime.NONE);
  profile.setPayloadCodecScript(spec.codecSource ?? "");
}

const profileTag = (spec: ProfileSpec) => `${spec.key}:${spec.activation}`;

async function getProfile(c: ChirpstackClients, id: string) {
  const request = new profilePb.GetDeviceProfileRequest();
  request.setId(id);
  return (await c.calls.optional("read the device profile", c.profiles.get.bind(c.profiles), request))?.getDeviceProfile() ?? null;
}

async function updateProfile(c: ChirpstackClients, profile: profilePb.DeviceProfile) {
  const request = new profilePb.UpdateDeviceProfileRequest();
  request.setDeviceProfile(profile);
  await c.calls.call("update the device profile", c.profiles.update.bind(c.profiles), request);
}

async function findTaggedProfile(c: ChirpstackClients, tenantId: string, spec: ProfileSpec) {
  const request = new profilePb.ListDeviceProfilesRequest();
  request.setTenantId(tenantId);
  const items = await listEvery(c, "list device profiles", c.profiles.list.bind(c.profiles), request);
  for (const item of items) {
    const profile = await getProfile(c, item.getId());
    if (profile?.getTagsMap().get(TAGS.profile) === profileTag(spec) && profile.getTagsMap().get(TAGS.tenant) === spec.tenantId) return profile;
  }
  return null;
}

export async function ensureProfile(c: ChirpstackClients, organisation: RemoteOrganisation, spec: ProfileSpec, knownId: string | null) {
  const existing = (knownId ? await getProfile(c, knownId) : null) ?? (await findTaggedProfile(c, organisation.remoteTenantId, spec));
  if (existing && existing.getTenantId() === organisation.remoteTenantId) {
    if (changes(existing, (p) => applyProfileSpec(p, spec))) await updateProfile(c, existing);
    return existing.getId();
  }
  const profile = new profilePb.DeviceProfile();
  profile.setTenantId(organisation.remoteTenantId);
  profile.setDescription("Managed by Longreach.");
  profile.setAdrAlgorithmId("default");
  profile.setUplinkInterval(3600);
  profile.setDeviceStatusReqInterval(1);
  profile.setClassBTimeout(5);
  profile.setClassCTimeout(5);
  profile.setFlushQueueOnActivate(true);
  applyProfileSpec(profile, spec);
  setTags(profile.getTagsMap(), { [TAGS.profile]: profileTag(spec), [TAGS.tenant]: spec.tenantId });
  const request = new profilePb.CreateDeviceProfileRequest();
  request.setDeviceProfile(profile);
  return (await c.calls.call("create the device profile", c.profiles.create.bind(c.profiles), request)).getId();
}

/** How many devices use the profile, in any application of its tenant (every page of them: one missed would be deleted). */
async function devicesUsing(c: ChirpstackClients, profile: profilePb.DeviceProfile) {
  const applicationsRequest = new applicationPb.ListApplicationsRequest();
  applicationsRequest.setTenantId(profile.getTenantId());
  const applications = await listEvery(c, "list applications", c.applications.list.bind(c.applications), applicationsRequest);
  let count = 0;
  for (const application of applications) {
    const request = new devicePb.ListDevicesRequest();
    request.setApplicationId(application.getId());
    request.setDeviceProfileId(profile.getId());
    request.setLimit(1);
    count += (await c.calls.call("list devices", c.devices.list.bind(c.devices), request)).getTotalCount();
  }
  return count;
}

/** ChirpStack deletes a profile's devices with it, so a profile still in use is kept (and the job retried). */
export async function removeProfile(c: ChirpstackClients, remoteProfileId: string) {
  const profile = await getProfile(c, remoteProfileId);
  if (!profile) return;
  const inUse = await devicesUsing(c, profile);
  if (inUse > 0) {
    throw new ProvisioningError(`ChirpStack device profile ${remoteProfileId} is still used by ${inUse} device${inUse === 1 ? "" : "s"}; it is removed once they have moved (deleting it would delete them).`, true);
  }
  const request = new profilePb.DeleteDeviceProfileRequest();
  request.setId(remoteProfileId);
  await c.calls.optional("delete the device profile", c.profiles.delete.bind(c.profiles), request);
}

export async function readProfile(c: ChirpstackClients, remoteProfileId: string): Promise<RemoteProfile | null> {
  const profile = await getProfile(c, remoteProfileId);
  if (!profile) return null;
  const js = profile.getPayloadCodecRuntime() === profilePb.CodecRuntime.JS && profile.getPayloadCodecScript().trim() !== "";
  return {
    id: profile.getId(),
    name: profile.getName(),
    region: regionOf(profile.getRegion()),
    macVersion: macVersionOf(profile.getMacVersion()),
    deviceClass: deviceClassOf(profile.getSupportsClassB(), profile.getSupportsClassC()),
    codecSource: js ? profile.getPayloadCodecScript() : null,
    supportsOtaa: profile.getSupportsOtaa(),
  };
}
