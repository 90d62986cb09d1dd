import { ProvisioningError, WaitingForDependency } from "@/domain/provisioning";
import type { Database } from "@/server/db";
import { withPlatform } from "@/server/db/scopes";
import type { ClaimedJob } from "./claim-jobs";
import type { ProvisioningTarget } from "./management";
import { latestJob, queueJobs, type NewJob } from "./queue-jobs";

/** What applying a job needs: the database and the managed network server. */
export interface ApplyContext {
  db: Database;
  target: ProvisioningTarget;
  /** Names the server-side tenant that holds the council's gateways. */
  councilName: string;
  /** Dependencies this run already queued or found queued, so parallel jobs needing the same one queue it once. */
  awaited: Set<string>;
}

/**
 * The job needs something another job makes (its tenant's organisation, a profile, the council's
 * tenant): queue that job unless one is pending, and put this one back to wait. If the dependency was
 * tried since this job was queued and did not produce what is needed, this job fails with its words
 * instead, so a job never waits for ever.
 */
export async function awaitDependency(ctx: ApplyContext, job: ClaimedJob, dependency: NewJob, what: string): Promise<never> {
  const key = `${dependency.subject}:${dependency.subjectId}`;
  if (ctx.awaited.has(key)) throw new WaitingForDependency(what);
  ctx.awaited.add(key);
  const latest = await withPlatform(ctx.db, (tx) => latestJob(tx, dependency.subject, dependency.subjectId));
  if (latest?.status === "pending") throw new WaitingForDependency(what);
  if (latest?.finishedAt && latest.finishedAt >= job.createdAt) {
    throw new ProvisioningError(latest.status === "failed" ? `${what} failed: ${latest.lastError}` : `${what} was not possible (see its job #${latest.id}).`, false);
  }
  await withPlatform(ctx.db, (tx) => queueJobs(tx, [dependency]));
  throw new WaitingForDependency(what);
}
