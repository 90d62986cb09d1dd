import { ApplicationServiceClient } from "@chirpstack/chirpstack-api/api/application_grpc_pb";
import { DeviceServiceClient } from "@chirpstack/chirpstack-api/api/device_grpc_pb";
import { DeviceProfileServiceClient } from "@chirpstack/chirpstack-api/api/device_profile_grpc_pb";
import { GatewayServiceClient } from "@chirpstack/chirpstack-api/api/gateway_grpc_pb";
import { TenantServiceClient } from "@chirpstack/chirpstack-api/api/tenant_grpc_pb";
import type jspb from "google-protobuf";
import { ChirpstackCalls, parseApiUrl, type UnaryMethod } from "./chirpstack-calls";

/** One channel's service clients and the authenticated call helper, shared by the adapter's parts. */
export interface ChirpstackClients {
  calls: ChirpstackCalls;
  tenants: TenantServiceClient;
  applications: ApplicationServiceClient;
  profiles: DeviceProfileServiceClient;
  devices: DeviceServiceClient;
  gateways: GatewayServiceClient;
}

export function openChirpstackClients(options: { apiUrl: string; apiToken: string; timeoutMs: number }): ChirpstackClients & { close(): void } {
  const { target, channel } = parseApiUrl(options.apiUrl);
  const tenants = new TenantServiceClient(target, channel);
  // The other clients share the first one's channel: one connection to ChirpStack, not five.
  const shared = { channelOverride: tenants.getChannel() };
  const applications = new ApplicationServiceClient(target, channel, shared);
  const profiles = new DeviceProfileServiceClient(target, channel, shared);
  const devices = new DeviceServiceClient(target, channel, shared);
  const gateways = new GatewayServiceClient(target, channel, shared);
  return {
    calls: new ChirpstackCalls(options.apiToken, options.timeoutMs),
    tenants, applications, profiles, devices, gateways,
    close: () => tenants.close(),
  };
}

/**
 * Every item of a ChirpStack list call: it answers pages of at most `limit`, so `request` (with its
 * filters set) is sent again with a growing offset until the total is read.
 */
export async function listEvery<Req extends { setLimit(value: number): void; setOffset(value: number): void }, Item>(
  c: ChirpstackClients,
  doing: string,
  method: UnaryMethod<Req, { getTotalCount(): number; getResultList(): Item[] }>,
  request: Req,
  limit = 100,
): Promise<Item[]> {
  const all: Item[] = [];
  request.setLimit(limit);
  for (let offset = 0; ; offset += limit) {
    request.setOffset(offset);
    const page = await c.calls.call(doing, method, request);
    all.push(...page.getResultList());
    if (page.getResultList().length < limit || all.length >= page.getTotalCount()) return all;
  }
}

/** Tags Longreach puts on what it creates, so an interrupted create is found again instead of made twice. */
export const TAGS = { tenant: "longreach_tenant_id", profile: "longreach_profile", council: "longreach_council" } as const;

export function setTags(map: jspb.Map<string, string>, tags: Record<string, string>) {
  for (const [key, value] of Object.entries(tags)) map.set(key, value);
}

/** True when re-serialising `message` after `change` gives other bytes, i.e. the change changed something. */
export function changes<M extends jspb.Message>(message: M, change: (message: M) => void): boolean {
  const before = message.serializeBinary();
  change(message);
  const after = message.serializeBinary();
  return before.length !== after.length || before.some((byte, i) => byte !== after[i]);
}
