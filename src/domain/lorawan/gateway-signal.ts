import type { GatewayReception, NetworkEvent } from "./network-event";

/**
 * The strongest RSSI and SNR among the receiving gateways, each taken on its
 * own: they describe link quality, and may come from different gateways.
 */
export function bestSignal(gateways: readonly GatewayReception[]): Pick<NetworkEvent, "bestRssi" | "bestSnr"> {
  return {
    bestRssi: maxOrNull(gateways.map((gateway) => gateway.rssi)),
    bestSnr: maxOrNull(gateways.map((gateway) => gateway.snr)),
  };
}

function maxOrNull(values: readonly (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : Math.max(...known);
}
