import { sql } from "drizzle-orm";
import type { Database } from "@/server/db";
import { resultRows } from "@/server/db/result-rows";
import { withPlatform } from "@/server/db/scopes";
import type { JobSubject } from "./queue-jobs";

/**
 * How long a claim keeps other workers off a job: longer than a whole run can take (see
 * runProvisioningOnce), so a live worker always records its outcome first; a crashed worker's jobs are
 * due again after it.
 */
export const JOB_LEASE_MS = 5 * 60_000;

export interface ClaimedJob {
  id: number;
  tenantId: string | null;
  subject: JobSubject;
  subjectId: string;
  devEui: string | null;
  reason: string;
  /** Including this one: what the claim counted. */
  attempts: number;
  createdAt: Date;
}

/**
 * Takes up to `limit` due jobs in one statement. A job is due when its time has come and no older job
 * of the same subject is still pending, so each subject's jobs are applied one at a time and in order
 * (a device's delete never overtakes its create). Device jobs are also kept in order per DevEUI, across
 * device ids and tenants: a device deleted and registered again (a new id, perhaps in another tenant)
 * has its old registration removed before the new one is written, never after it. What devices depend
 * on (their tenant's organisation, profiles) is claimed first. Jobs another worker is claiming are
 * skipped (SKIP LOCKED); the chosen ones get `next_attempt_at` pushed a lease ahead and their attempt
 * counted before the transaction ends.
 */
export async function claimJobs(db: Database, options: { limit: number; now: Date }): Promise<ClaimedJob[]> {
  const now = options.now.toISOString();
  const leaseEnds = new Date(options.now.getTime() + JOB_LEASE_MS).toISOString();
  const rows = await withPlatform(db, async (tx) =>
    resultRows<ClaimRow>(
      await tx.execute(sql`
        with due as (
          select j.id from provisioning_jobs j
          where j.status = 'pending' and j.next_attempt_at <= ${now}::timestamptz
            and not exists (
              select 1 from provisioning_jobs earlier
              where earlier.status = 'pending' and earlier.subject = j.subject and earlier.subject_id = j.subject_id and earlier.id < j.id
            )
            and not exists (
              select 1 from provisioning_jobs earlier
              where j.subject = 'device' and earlier.status = 'pending' and earlier.subject = 'device' and earlier.dev_eui = j.dev_eui and earlier.id < j.id
            )
          -- Tenants, profiles and the council's tenant first: device jobs depend on them.
          order by j.subject = 'device', j.next_attempt_at, j.id
          limit ${options.limit}
          for update of j skip locked
        )
        update provisioning_jobs j
        set next_attempt_at = ${leaseEnds}::timestamptz, attempts = j.attempts + 1, last_attempt_at = ${now}::timestamptz
        from due where j.id = due.id
        returning j.id, j.tenant_id, j.subject, j.subject_id, j.dev_eui, j.reason, j.attempts, (extract(epoch from j.created_at) * 1000)::float8 as created_ms`),
    ),
  );
  return rows
    .map((r) => ({ id: Number(r.id), tenantId: r.tenant_id, subject: r.subject, subjectId: r.subject_id, devEui: r.dev_eui, reason: r.reason, attempts: Number(r.attempts), createdAt: new Date(Number(r.created_ms)) }))
    .sort((a, b) => a.id - b.id);
}

interface ClaimRow {
  id: string | number;
  tenant_id: string | null;
  subject: JobSubject;
  subject_id: string;
  dev_eui: string | null;
  reason: string;
  attempts: number;
  created_ms: number | string;
}
