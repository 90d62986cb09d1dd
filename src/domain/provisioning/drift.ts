import { deviceDifferences, gatewayDifferences, type GatewayField } from "./device-differences";
import type { DeviceField, DeviceSpec, GatewaySpec, RemoteDevice, RemoteGateway } from "./network-server";

/**
 * One difference between Longreach and the network server, as the drift check reports it, with the
 * fixes an operator may choose. Longreach is the source of truth, so "push" makes the server match it;
 * for what only the server has, the operator chooses between removing it there and adopting it here.
 */
export type Difference =
  | { kind: "organisation_missing"; tenantId: string; tenantName: string; devices: number; pending: boolean }
  | { kind: "application_missing"; tenantId: string; tenantName: string; remoteApplicationId: string; pending: boolean }
  | { kind: "organisation_not_removed"; tenantId: string; tenantName: string; pending: boolean }
  | { kind: "device_missing_remote"; tenantId: string; tenantName: string; deviceId: string; devEui: string; name: string; pending: boolean }
  | { kind: "device_missing_local"; tenantId: string; tenantName: string; devEui: string; name: string; pending: boolean }
  | { kind: "device_differs"; tenantId: string; tenantName: string; deviceId: string; devEui: string; name: string; fields: DeviceField[]; pending: boolean }
  | { kind: "device_unreadable"; tenantId: string; tenantName: string; deviceId: string; devEui: string; name: string; pending: boolean }
  | { kind: "gateway_missing_remote"; gatewayEui: string; name: string; pending: boolean }
  | { kind: "gateway_missing_local"; gatewayEui: string; name: string; pending: boolean }
  | { kind: "gateway_differs"; gatewayEui: string; name: string; fields: GatewayField[]; pending: boolean };

export type DifferenceKind = Difference["kind"];
export type Fix = "push" | "remove" | "adopt";

/** The fixes each kind of difference offers, first the usual one. */
export const FIXES: Record<DifferenceKind, readonly Fix[]> = {
  organisation_missing: ["push"],
  application_missing: ["push"],
  organisation_not_removed: ["remove"],
  device_missing_remote: ["push"],
  device_missing_local: ["adopt", "remove"],
  device_differs: ["push"],
  device_unreadable: [],
  gateway_missing_remote: ["push"],
  gateway_missing_local: ["adopt", "remove"],
  gateway_differs: ["push"],
};

export interface LocalDevice {
  deviceId: string;
  devEui: string;
  name: string;
  /** null when its keys cannot be decrypted (then it cannot be compared, only reported). */
  spec: DeviceSpec | null;
}

/** One tenant's devices on both sides. `pending` holds the DevEUIs with a job still queued. */
export function compareDevices(input: {
  tenant: { id: string; name: string };
  local: LocalDevice[];
  remote: RemoteDevice[];
  pending: ReadonlySet<string>;
}): Difference[] {
  const { tenant } = input;
  const common = { tenantId: tenant.id, tenantName: tenant.name };
  const remoteByEui = new Map(input.remote.map((device) => [device.devEui, device]));
  const differences: Difference[] = [];
  for (const device of input.local) {
    const pending = input.pending.has(device.devEui);
    const remote = remoteByEui.get(device.devEui);
    remoteByEui.delete(device.devEui);
    const named = { ...common, deviceId: device.deviceId, devEui: device.devEui, name: device.name, pending };
    if (!remote) differences.push({ kind: "device_missing_remote", ...named });
    else if (!device.spec) differences.push({ kind: "device_unreadable", ...named });
    else {
      const fields = deviceDifferences(device.spec, remote);
      if (fields.length) differences.push({ kind: "device_differs", ...named, fields });
    }
  }
  for (const remote of remoteByEui.values()) {
    differences.push({ kind: "device_missing_local", ...common, devEui: remote.devEui, name: remote.name, pending: input.pending.has(remote.devEui) });
  }
  return differences;
}

/** The council's gateways on both sides. */
export function compareGateways(input: { local: GatewaySpec[]; remote: RemoteGateway[]; pending: ReadonlySet<string> }): Difference[] {
  const remoteByEui = new Map(input.remote.map((gateway) => [gateway.gatewayEui, gateway]));
  const differences: Difference[] = [];
  for (const gateway of input.local) {
    const remote = remoteByEui.get(gateway.gatewayEui);
    remoteByEui.delete(gateway.gatewayEui);
    const pending = input.pending.has(gateway.gatewayEui);
    if (!remote) differences.push({ kind: "gateway_missing_remote", gatewayEui: gateway.gatewayEui, name: gateway.name, pending });
    else {
      const fields = gatewayDifferences(gateway, remote);
      if (fields.length) differences.push({ kind: "gateway_differs", gatewayEui: gateway.gatewayEui, name: gateway.name, fields, pending });
    }
  }
  for (const remote of remoteByEui.values()) {
    differences.push({ kind: "gateway_missing_local", gatewayEui: remote.gatewayEui, name: remote.name, pending: input.pending.has(remote.gatewayEui) });
  }
  return differences;
}

/** What a difference is about, in a sentence, for the page and `npm run provisioning:check`. */
export function describeDifference(difference: Difference): string {
  switch (difference.kind) {
    case "organisation_missing":
      return `${difference.tenantName} is not on the network server (${difference.devices} device${difference.devices === 1 ? "" : "s"}).`;
    case "application_missing":
      return `${difference.tenantName}'s application ${difference.remoteApplicationId} no longer exists on the network server.`;
    case "organisation_not_removed":
      return `${difference.tenantName} is closed but still on the network server.`;
    case "device_missing_remote":
      return `${difference.name} (${difference.devEui}) of ${difference.tenantName} is missing on the network server.`;
    case "device_missing_local":
      return `${difference.name || "A device"} (${difference.devEui}) is in ${difference.tenantName}'s application on the network server but not in Longreach.`;
    case "device_differs":
      return `${difference.name} (${difference.devEui}) of ${difference.tenantName} differs on the network server: ${difference.fields.join(", ")}.`;
    case "device_unreadable":
      return `${difference.name} (${difference.devEui}) of ${difference.tenantName} cannot be compared: its keys cannot be decrypted with this server's DEVICE_KEY_ENCRYPTION_KEY.`;
    case "gateway_missing_remote":
      return `Gateway ${difference.name} (${difference.gatewayEui}) is missing on the network server.`;
    case "gateway_missing_local":
      return `Gateway ${difference.name || difference.gatewayEui} (${difference.gatewayEui}) is in the council's tenant on the network server but not in Longreach.`;
    case "gateway_differs":
      return `Gateway ${difference.name} (${difference.gatewayEui}) differs on the network server: ${difference.fields.join(", ")}.`;
  }
}

/** A stable key for a difference (React lists, CLI output). */
export function differenceKey(difference: Difference): string {
  if ("devEui" in difference) return `${difference.kind}:${difference.devEui}`;
  if ("gatewayEui" in difference) return `${difference.kind}:${difference.gatewayEui}`;
  return `${difference.kind}:${difference.tenantId}`;
}
