import gatewayPb from "@chirpstack/chirpstack-api/api/gateway_pb";
import commonPb from "@chirpstack/chirpstack-api/common/common_pb";
import { ProvisioningError, type GatewaySpec, type RemoteGateway } from "@/domain/provisioning";
import { changes, listEvery, type ChirpstackClients } from "./chirpstack-clients";

/** ChirpStack has no "no location": 0,0 is what it holds for a gateway without one. */
function locationOf(location: commonPb.Location | undefined) {
  if (!location || (location.getLatitude() === 0 && location.getLongitude() === 0)) return { latitude: null, longitude: null };
  return { latitude: location.getLatitude(), longitude: location.getLongitude() };
}

function applyGatewaySpec(gateway: gatewayPb.Gateway, spec: GatewaySpec) {
  gateway.setName(spec.name);
  const location = gateway.getLocation() ?? new commonPb.Location();
  location.setLatitude(spec.latitude ?? 0);
  location.setLongitude(spec.longitude ?? 0);
  location.setSource(commonPb.LocationSource.CONFIG);
  gateway.setLocation(location);
}

async function getGateway(c: ChirpstackClients, gatewayEui: string) {
  const request = new gatewayPb.GetGatewayRequest();
  request.setGatewayId(gatewayEui);
  return (await c.calls.optional("read the gateway", c.gateways.get.bind(c.gateways), request))?.getGateway() ?? null;
}

export async function findGateway(c: ChirpstackClients, gatewayEui: string): Promise<RemoteGateway | null> {
  const gateway = await getGateway(c, gatewayEui);
  return gateway && { gatewayEui: gateway.getGatewayId(), name: gateway.getName(), remoteTenantId: gateway.getTenantId(), ...locationOf(gateway.getLocation()) };
}

export async function writeGateway(c: ChirpstackClients, councilTenantId: string, spec: GatewaySpec, current: RemoteGateway | null) {
  if (current && current.remoteTenantId !== councilTenantId) {
    throw new ProvisioningError(`Gateway ${spec.gatewayEui} is registered on the network server under another tenant (${current.remoteTenantId}); move or delete it there first.`, false);
  }
  const existing = current ? await getGateway(c, spec.gatewayEui) : null;
  if (existing) {
    if (!changes(existing, (g) => applyGatewaySpec(g, spec))) return "unchanged" as const;
    const request = new gatewayPb.UpdateGatewayRequest();
    request.setGateway(existing);
    await c.calls.call("update the gateway", c.gateways.update.bind(c.gateways), request);
    return "updated" as const;
  }
  const gateway = new gatewayPb.Gateway();
  gateway.setGatewayId(spec.gatewayEui);
  gateway.setTenantId(councilTenantId);
  gateway.setDescription("Managed by Longreach.");
  gateway.setStatsInterval(30);
  applyGatewaySpec(gateway, spec);
  const request = new gatewayPb.CreateGatewayRequest();
  request.setGateway(gateway);
  await c.calls.call("create the gateway", c.gateways.create.bind(c.gateways), request);
  return "created" as const;
}

export async function removeGateway(c: ChirpstackClients, gatewayEui: string) {
  const request = new gatewayPb.DeleteGatewayRequest();
  request.setGatewayId(gatewayEui);
  await c.calls.optional("delete the gateway", c.gateways.delete.bind(c.gateways), request);
}

export async function listGateways(c: ChirpstackClients, councilTenantId: string): Promise<RemoteGateway[]> {
  const request = new gatewayPb.ListGatewaysRequest();
  request.setTenantId(councilTenantId);
  const items = await listEvery(c, "list gateways", c.gateways.list.bind(c.gateways), request);
  return items.map((item) => ({ gatewayEui: item.getGatewayId(), name: item.getName(), remoteTenantId: item.getTenantId(), ...locationOf(item.getLocation()) }));
}
