import type { NetworkServer } from "@/domain/provisioning";
import { openChirpstackClients } from "./chirpstack-clients";
import * as devices from "./chirpstack-devices";
import * as gateways from "./chirpstack-gateways";
import * as organisations from "./chirpstack-organisations";
import * as profiles from "./chirpstack-profiles";

/** Per call; a provisioning run's claim lease allows for many calls timing out (see run-provisioning). */
export const CHIRPSTACK_CALL_TIMEOUT_MS = 10_000;

/** ChirpStack v4 through its gRPC API (the official @chirpstack/chirpstack-api definitions over @grpc/grpc-js). */
export function chirpstackNetwork(options: { apiUrl: string; apiToken: string; timeoutMs?: number }): NetworkServer {
  const c = openChirpstackClients({ ...options, timeoutMs: options.timeoutMs ?? CHIRPSTACK_CALL_TIMEOUT_MS });
  return {
    description: `ChirpStack at ${options.apiUrl}`,
    checkAccess: () => organisations.checkAccess(c),
    ensureOrganisation: (spec, known) => organisations.ensureOrganisation(c, spec, known),
    removeOrganisation: (organisation) => organisations.removeOrganisation(c, organisation),
    listApplications: () => organisations.listApplications(c),
    ensureProfile: (organisation, spec, knownId) => profiles.ensureProfile(c, organisation, spec, knownId),
    removeProfile: (remoteProfileId) => profiles.removeProfile(c, remoteProfileId),
    readProfile: (remoteProfileId) => profiles.readProfile(c, remoteProfileId),
    findDevice: (devEui) => devices.findDevice(c, devEui),
    writeDevice: (organisation, spec, current) => devices.writeDevice(c, organisation, spec, current),
    removeDevice: (devEui) => devices.removeDevice(c, devEui),
    listDevices: (remoteApplicationId) => devices.listDevices(c, remoteApplicationId),
    ensureCouncilTenant: (name, known) => organisations.ensureCouncilTenant(c, name, known),
    findGateway: (gatewayEui) => gateways.findGateway(c, gatewayEui),
    writeGateway: (councilTenantId, spec, current) => gateways.writeGateway(c, councilTenantId, spec, current),
    removeGateway: (gatewayEui) => gateways.removeGateway(c, gatewayEui),
    listGateways: (councilTenantId) => gateways.listGateways(c, councilTenantId),
    close: () => c.close(),
  };
}
