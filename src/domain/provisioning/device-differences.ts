import type { DeviceField, DeviceSecrets, DeviceSpec, GatewaySpec, RemoteDevice, RemoteGateway } from "./network-server";

/**
 * Where the network server's copy of a device differs from what Longreach says it should be. Keys are
 * compared, never shown. A JoinEUI the server does not report (ChirpStack fills it in at the first join)
 * is not a difference.
 */
export function deviceDifferences(spec: DeviceSpec, remote: RemoteDevice): DeviceField[] {
  const fields: DeviceField[] = [];
  if (remote.name !== spec.name) fields.push("name");
  if (remote.description !== spec.description) fields.push("description");
  if (remote.remoteProfileId !== spec.remoteProfileId) fields.push("profile");
  if (remote.disabled !== spec.disabled) fields.push("disabled");
  if (!sameSecrets(spec.secrets, remote.secrets)) fields.push("keys");
  return fields;
}

export function sameSecrets(expected: DeviceSecrets, actual: DeviceSecrets | null): boolean {
  if (!actual || actual.activation !== expected.activation) return false;
  if (expected.activation === "otaa" && actual.activation === "otaa") {
    return actual.appKey === expected.appKey && (actual.joinEui === "" || actual.joinEui === expected.joinEui);
  }
  if (expected.activation === "abp" && actual.activation === "abp") {
    return actual.devAddr === expected.devAddr && actual.nwkSKey === expected.nwkSKey && actual.appSKey === expected.appSKey;
  }
  return false;
}

export type GatewayField = "name" | "location";

export function gatewayDifferences(spec: GatewaySpec, remote: RemoteGateway): GatewayField[] {
  const fields: GatewayField[] = [];
  if (remote.name !== spec.name) fields.push("name");
  // Coordinates round-trip through floats on the server; a centimetre is not a difference.
  const near = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-7);
  if (!near(remote.latitude, spec.latitude) || !near(remote.longitude, spec.longitude)) fields.push("location");
  return fields;
}
