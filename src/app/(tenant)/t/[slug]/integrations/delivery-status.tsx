import type { inferRouterOutputs } from "@trpc/server";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { AppRouter } from "@/server/api/root";

export type DeliveryStatus = inferRouterOutputs<AppRouter>["forwarders"]["deliveries"]["rows"][number]["status"];

/** "Pending" reads as stuck to most people; these are queued or being retried. */
export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = { pending: "waiting", delivered: "delivered", failed: "failed" };
const tones: Record<DeliveryStatus, BadgeTone> = { pending: "blue", delivered: "green", failed: "red" };

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return <Badge tone={tones[status]}>{DELIVERY_STATUS_LABELS[status]}</Badge>;
}
