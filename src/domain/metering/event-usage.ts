/** One new event, as much of it as metering needs. */
export interface MeteredEvent {
  kind: "uplink" | "join" | "status" | "ack" | "txack" | "log" | "location" | "downlink";
  payloadBytes: number;
  phyBytes: number;
  credits: number;
  airtimeMs: number | null;
  gatewayEuis: readonly string[];
}

/** What one new event adds to its device's hourly usage row (ingestion sums these per device and UTC hour). */
export interface UsageContribution {
  uplinks: number;
  downlinks: number;
  joins: number;
  payloadBytes: number;
  phyBytes: number;
  credits: number;
  airtimeMs: number;
  gatewayReceptions: number;
}

/**
 * What one new event adds to its device's hourly usage, or null when it counts nothing:
 * - an uplink is one message whatever number of gateways heard it (receptions are counted apart);
 * - a join is one message (its credit comes from the normaliser);
 * - a downlink counts its bytes and airtime but earns no credits;
 * - status, acks, logs and locations are bookkeeping and count nothing.
 * Events must already be deduplicated: a repeat would be counted again.
 */
export function usageOf(event: MeteredEvent): UsageContribution | null {
  if (event.kind !== "uplink" && event.kind !== "join" && event.kind !== "downlink") return null;
  return {
    uplinks: event.kind === "uplink" ? 1 : 0,
    downlinks: event.kind === "downlink" ? 1 : 0,
    joins: event.kind === "join" ? 1 : 0,
    payloadBytes: event.payloadBytes,
    phyBytes: event.phyBytes,
    credits: event.credits,
    airtimeMs: event.airtimeMs ?? 0,
    gatewayReceptions: event.kind === "uplink" ? event.gatewayEuis.length : 0,
  };
}

/**
 * The gateways whose hourly count of unique uplinks one new event adds to (claimed or not: a gateway's
 * load is the network's concern): each gateway that heard an uplink, once.
 */
export function countedGateways(event: Pick<MeteredEvent, "kind" | "gatewayEuis">): string[] {
  return event.kind === "uplink" ? [...new Set(event.gatewayEuis)] : [];
}
