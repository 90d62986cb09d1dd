import { env } from "@/env";
import { ProvisioningError, WaitingForDependency } from "@/domain/provisioning";
import type { Database } from "@/server/db";
import type { ApplyContext } from "./apply-context";
import { applyDeviceJob } from "./apply-device-job";
import { applyGatewayJob } from "./apply-gateway-job";
import { applyProfileJob } from "./apply-profile-job";
import { applyTenantJob } from "./apply-tenant-job";
import { claimJobs, type ClaimedJob } from "./claim-jobs";
import { noteConnectionState, provisioningTarget } from "./management";
import { recordJobOutcomes, type JobOutcome } from "./record-job-outcomes";

/**
 * Jobs per run, CONCURRENCY at a time. A job makes up to about a dozen calls of at most 10 s each, and
 * a run stops trying at the first sign the server is unreachable, so a run ends well within the lease.
 */
export const CLAIM_LIMIT = 50;
const CONCURRENCY = 8;

export interface ProvisioningRun {
  claimed: number;
  done: number;
  /** Attempts that failed, whether or not they will be tried again. */
  failed: number;
  /** The server could not be reached, so the jobs after the first sign of it were put back untried. */
  unreachable: boolean;
}

const APPLY = { device: applyDeviceJob, tenant: applyTenantJob, profile: applyProfileJob, gateway: applyGatewayJob } as const;

/** One round: claim due jobs, apply them against the managed network server, record what happened. */
export async function runProvisioningOnce(deps: { db: Database; now?: () => Date }): Promise<ProvisioningRun> {
  const now = deps.now ?? (() => new Date());
  const target = await provisioningTarget(deps.db);
  if (!target) return { claimed: 0, done: 0, failed: 0, unreachable: false };
  const claimed = await claimJobs(deps.db, { limit: CLAIM_LIMIT, now: now() });
  if (!claimed.length) return { claimed: 0, done: 0, failed: 0, unreachable: false };

  const ctx: ApplyContext = { db: deps.db, target, councilName: `${env.COUNCIL_NAME} network`, awaited: new Set() };
  let unreachable: string | null = null;
  let connectionProblem: string | null = null;
  const outcomes = new Map<number, JobOutcome>();
  // Two phases: what devices depend on (organisations, profiles, the council's tenant) before the devices.
  const dependencies = claimed.filter((job) => job.subject !== "device");
  const deviceJobs = claimed.filter((job) => job.subject === "device");
  for (const phase of [dependencies, deviceJobs]) {
    let next = 0;
    const lane = async () => {
      while (next < phase.length) {
        const job = phase[next++]!;
        if (unreachable) {
          outcomes.set(job.id, { kind: "not_attempted", error: unreachable });
          continue;
        }
        const outcome = await attempt(ctx, job);
        outcomes.set(job.id, outcome.result);
        if (outcome.connection) connectionProblem = outcome.connection;
        if (outcome.result.kind === "failed" && outcome.result.retryable && outcome.connection) unreachable ??= outcome.result.error;
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, phase.length) }, lane));
  }
  await recordJobOutcomes(deps.db, claimed.map((job) => ({ job, outcome: outcomes.get(job.id)! })), now());

  const results = [...outcomes.values()];
  const done = results.filter((o) => o.kind === "done").length;
  // A connection-level failure is shown on the connection; any success clears it.
  if (connectionProblem || done) await noteConnectionState(deps.db, target.connectionId, connectionProblem);
  return { claimed: claimed.length, done, failed: results.filter((o) => o.kind === "failed").length, unreachable: unreachable !== null };
}

async function attempt(ctx: ApplyContext, job: ClaimedJob): Promise<{ result: JobOutcome; connection: string | null }> {
  try {
    return { result: { kind: "done", outcome: await APPLY[job.subject](ctx, job) }, connection: null };
  } catch (error) {
    if (error instanceof WaitingForDependency) return { result: { kind: "waiting", what: error.what }, connection: null };
    if (error instanceof ProvisioningError) return { result: { kind: "failed", error: error.message, retryable: error.retryable }, connection: error.connection ? error.message : null };
    // Our own fault or the database's (a bug, a lost connection): worth another try, and worth a log line.
    console.error(`provisioning: job ${job.id} (${job.subject} ${job.subjectId}) failed unexpectedly`, error);
    return { result: { kind: "failed", error: `Longreach could not apply this change: ${(error as Error).message}`, retryable: true }, connection: null };
  }
}
