import { hourStart } from "@/domain/billing/billing-period";

/** One stored event, as much of it as metering needs. */
export interface MeteredEvent {
  tenantId: string;
  deviceId: string;
  kind: "uplink" | "join" | "status" | "ack" | "txack" | "log" | "location" | "downlink";
  occurredAt: Date;
  payloadBytes: number;
  phyBytes: number;
  credits: number;
  airtimeMs: number | null;
  gatewayEuis: readonly string[];
}

/** What one batch of new events adds to a device's hourly usage row. */
export interface UsageDelta {
  tenantId: string;
  deviceId: string;
  hour: Date;
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
 * Folds new events into per-device, per-hour increments. What counts:
 * - an uplink is one message whatever number of gateways heard it (receptions are counted apart);
 * - a join is one message (its credit comes from the normaliser);
 * - a downlink counts its bytes and airtime but earns no credits;
 * - status, acks, logs and locations are bookkeeping and count nothing.
 * Events must already be deduplicated: this adds, it never checks.
 */
export function usageDeltas(events: readonly MeteredEvent[]): UsageDelta[] {
  const byKey = new Map<string, UsageDelta>();
  for (const event of events) {
    if (event.kind !== "uplink" && event.kind !== "join" && event.kind !== "downlink") continue;
    const hour = hourStart(event.occurredAt);
    const key = `${event.tenantId}|${event.deviceId}|${hour.getTime()}`;
    let delta = byKey.get(key);
    if (!delta) {
      delta = { tenantId: event.tenantId, deviceId: event.deviceId, hour, uplinks: 0, downlinks: 0, joins: 0, payloadBytes: 0, phyBytes: 0, credits: 0, airtimeMs: 0, gatewayReceptions: 0 };
      byKey.set(key, delta);
    }
    if (event.kind === "uplink") {
      delta.uplinks += 1;
      delta.gatewayReceptions += event.gatewayEuis.length;
    } else if (event.kind === "join") delta.joins += 1;
    else delta.downlinks += 1;
    delta.payloadBytes += event.payloadBytes;
    delta.phyBytes += event.phyBytes;
    delta.credits += event.credits;
    delta.airtimeMs += event.airtimeMs ?? 0;
  }
  return [...byKey.values()];
}

/** Unique uplinks heard per gateway per hour (claimed or not: a gateway's load is the network's concern). */
export function gatewayDeltas(events: ReadonlyArray<Pick<MeteredEvent, "kind" | "occurredAt" | "gatewayEuis">>) {
  const byKey = new Map<string, { gatewayEui: string; hour: Date; uplinks: number }>();
  for (const event of events) {
    if (event.kind !== "uplink") continue;
    const hour = hourStart(event.occurredAt);
    for (const gatewayEui of new Set(event.gatewayEuis)) {
      const key = `${gatewayEui}|${hour.getTime()}`;
      const delta = byKey.get(key) ?? { gatewayEui, hour, uplinks: 0 };
      delta.uplinks += 1;
      byKey.set(key, delta);
    }
  }
  return [...byKey.values()];
}
