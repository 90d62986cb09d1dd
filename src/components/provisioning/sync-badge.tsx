import type { SyncState } from "@/domain/provisioning/sync-state";
import { Badge, type BadgeTone } from "@/components/ui/badge";

const LOOK: Record<SyncState, { tone: BadgeTone; label: string }> = {
  in_sync: { tone: "green", label: "in sync" },
  pending: { tone: "blue", label: "pending" },
  failed: { tone: "red", label: "failed" },
  not_provisioned: { tone: "amber", label: "not on the network server" },
  not_managed: { tone: "slate", label: "not managed" },
};

/** A device's (or job's) state on the network server, in one consistent colour scheme. */
export function SyncBadge({ state }: { state: SyncState }) {
  const look = LOOK[state];
  return <Badge tone={look.tone}>{look.label}</Badge>;
}

/** The same words for a job's status in the operator's queue. */
export function JobStatusBadge({ status }: { status: "pending" | "done" | "failed" }) {
  return <SyncBadge state={status === "done" ? "in_sync" : status} />;
}
