import type { DeviceClass, LorawanMacVersion, LorawanRegion } from "@/domain/devices/profile-options";
import type { DeviceSecrets, DeviceSpec, ProfileSpec } from "./network-server";

/** What a device without a profile gets on the network server: the council's usual settings, no codec. */
export const DEFAULT_PROFILE = { name: "Longreach default", region: "EU868", macVersion: "1.0.3", deviceClass: "A", codecSource: null } as const satisfies LocalProfile;

export interface LocalProfile {
  name: string;
  region: LorawanRegion;
  macVersion: LorawanMacVersion;
  deviceClass: DeviceClass;
  codecSource: string | null;
}

/** The key a profile mapping is stored under: the Longreach profile id, or "default". */
export const profileKeyOf = (profileId: string | null) => profileId ?? "default";

/**
 * The subject id of a profile's jobs. A tenant's default profile has no id of its own, so its jobs are
 * named after the tenant (`default:<tenant id>`), keeping one queue per profile network-wide.
 */
export const profileSubjectOf = (tenantId: string, profileKey: string) => (profileKey === "default" ? `default:${tenantId}` : profileKey);
export const profileKeyOfSubject = (subjectId: string) => (subjectId.startsWith("default:") ? "default" : subjectId);

export function profileSpecOf(tenantId: string, key: string, activation: "otaa" | "abp", profile: LocalProfile): ProfileSpec {
  return { tenantId, key, activation, name: profile.name, region: profile.region, macVersion: profile.macVersion, deviceClass: profile.deviceClass, codecSource: profile.codecSource };
}

export interface LocalDeviceFields {
  devEui: string;
  name: string;
  description: string;
  activation: "otaa" | "abp";
  joinEui: string | null;
  devAddr: string | null;
}

/** The device as the network server should hold it; keys already decrypted (server process only). */
export function deviceSpecOf(
  device: LocalDeviceFields,
  keys: { appKey: string | null; nwkSKey: string | null; appSKey: string | null },
  target: { remoteProfileId: string; macVersion: LorawanMacVersion; disabled: boolean },
): DeviceSpec {
  return { devEui: device.devEui, name: device.name, description: device.description, ...target, secrets: secretsOf(device, keys) };
}

function secretsOf(device: LocalDeviceFields, keys: { appKey: string | null; nwkSKey: string | null; appSKey: string | null }): DeviceSecrets {
  if (device.activation === "otaa") {
    if (!device.joinEui || !keys.appKey) throw new Error(`device ${device.devEui} is OTAA but has no JoinEUI or AppKey`);
    return { activation: "otaa", joinEui: device.joinEui, appKey: keys.appKey };
  }
  if (!device.devAddr || !keys.nwkSKey || !keys.appSKey) throw new Error(`device ${device.devEui} is ABP but has no DevAddr or session keys`);
  return { activation: "abp", devAddr: device.devAddr, nwkSKey: keys.nwkSKey, appSKey: keys.appSKey };
}
