import { sql } from "drizzle-orm";
import { DEPENDENCY_WAIT_MS, nextProvisioningAttempt } from "@/domain/provisioning";
import type { Database } from "@/server/db";
import { jsonParameter } from "@/server/db/prepared";
import { withPlatform } from "@/server/db/scopes";
import type { ClaimedJob } from "./claim-jobs";

export type JobOutcome =
  | { kind: "done"; outcome: string }
  | { kind: "waiting"; what: string }
  | { kind: "failed"; error: string; retryable: boolean }
  /**
   * Not tried: an earlier job of the run found the server unreachable (`error`, in its words). It counts
   * as an attempt that met the outage, so each job backs off on its own schedule while the outage lasts
   * (instead of coming back every few seconds) and gives up with the others when the schedule runs out.
   */
  | { kind: "not_attempted"; error: string };

/**
 * Writes what one run's jobs came to, in one statement: done; waiting (put back without counting the
 * attempt); failed or not tried for an outage, and due again on the retry schedule; or failed for good
 * (the server refused, or the schedule ran out) with the server's own words. A job is only updated
 * while it is still pending with the attempt count this claim gave it: if the lease ran out and another
 * worker took it meanwhile, that worker's outcome stands.
 */
export async function recordJobOutcomes(db: Database, results: Array<{ job: ClaimedJob; outcome: JobOutcome }>, now: Date) {
  if (!results.length) return;
  const at = now.toISOString();
  const rows = results.map(({ job, outcome }) => {
    const row = { id: job.id, attempts: job.attempts, attempts_after: job.attempts, status: "pending", next_attempt_at: null as string | null, last_error: null as string | null, outcome: null as string | null, finished_at: null as string | null };
    switch (outcome.kind) {
      case "done":
        return { ...row, status: "done", outcome: outcome.outcome, finished_at: at };
      case "waiting":
        return { ...row, attempts_after: job.attempts - 1, next_attempt_at: new Date(now.getTime() + DEPENDENCY_WAIT_MS).toISOString(), outcome: `waiting for ${outcome.what}` };
      case "not_attempted":
        return failed(row, `not tried: the network server was unreachable (${outcome.error})`, nextProvisioningAttempt(job.attempts, now), at);
      case "failed":
        return failed(row, outcome.error, outcome.retryable ? nextProvisioningAttempt(job.attempts, now) : null, at);
    }
  });
  await withPlatform(db, (tx) =>
    tx.execute(sql`
      update provisioning_jobs j set
        status = x.status::provisioning_job_status, attempts = x.attempts_after,
        next_attempt_at = coalesce(x.next_attempt_at, j.next_attempt_at),
        last_error = x.last_error, outcome = coalesce(x.outcome, j.outcome), finished_at = x.finished_at
      from json_to_recordset(${jsonParameter(rows)}) as x(id bigint, attempts int, attempts_after int, status text, next_attempt_at timestamptz, last_error text, outcome text, finished_at timestamptz)
      where j.id = x.id and j.attempts = x.attempts and j.status = 'pending'`),
  );
}

/** Due again at `retryAt`, or failed for good (null: a refusal, or the retry schedule ran out). */
function failed<R extends object>(row: R, error: string, retryAt: Date | null, at: string) {
  return retryAt
    ? { ...row, next_attempt_at: retryAt.toISOString(), last_error: error }
    : { ...row, status: "failed", last_error: error, finished_at: at };
}
