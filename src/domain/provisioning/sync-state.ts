/**
 * A device's sync state is its latest provisioning job: what a tenant sees beside each device.
 * - in_sync: the network server holds what Longreach holds;
 * - pending: a change is queued (or being retried while the server is unreachable);
 * - failed: the server refused, or stayed unreachable through every retry; `error` is its own words;
 * - not_provisioned: the network server is managed, but nothing was ever sent for this device;
 * - not_managed: no network server is managed by Longreach, so there is nothing to be in sync with.
 */
export type SyncState = "in_sync" | "pending" | "failed" | "not_provisioned" | "not_managed";

export interface LatestJob {
  status: "pending" | "done" | "failed";
  lastError: string | null;
  outcome: string | null;
  attempts: number;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface DeviceSync {
  state: SyncState;
  /** Why it failed, or why it is still pending (the last failed attempt), when there is one. */
  error: string | null;
  /** When the state was reached: the job's finish, or when it was queued. */
  since: Date | null;
}

export function syncStateOf(job: LatestJob | null, managed: boolean): DeviceSync {
  if (!managed) return { state: "not_managed", error: null, since: null };
  if (!job) return { state: "not_provisioned", error: null, since: null };
  if (job.status === "done") return { state: "in_sync", error: null, since: job.finishedAt };
  if (job.status === "failed") return { state: "failed", error: job.lastError, since: job.finishedAt };
  return { state: "pending", error: job.lastError, since: job.createdAt };
}
