import { Badge } from "@/components/ui/badge";

export function GatewayStatusBadge({ status }: { status: "online" | "offline" }) {
  return <Badge tone={status === "online" ? "green" : "red"}>{status}</Badge>;
}

/** "51.48160, -3.17910" (WGS84 decimal degrees, about 1 m precision), or null when not set. */
export function formatLocation(latitude: number | null, longitude: number | null): string | null {
  if (latitude === null || longitude === null) return null;
  return `${latitude.toFixed(5)}, ${longitude.toFixed(5)}`;
}
