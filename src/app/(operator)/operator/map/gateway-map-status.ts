import type { BadgeTone } from "@/components/ui/badge";

export type MapGatewayStatus = "online" | "offline" | "never_seen";

/** How the map, its legend and its table show a gateway's status. */
export const GATEWAY_STATUS: Record<MapGatewayStatus, { label: string; colour: string; tone: BadgeTone }> = {
  online: { label: "Online", colour: "#059669", tone: "green" },
  offline: { label: "Offline", colour: "#dc2626", tone: "red" },
  never_seen: { label: "Never seen", colour: "#64748b", tone: "slate" },
};
