import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "@/server/db";
import { jsonParameter } from "@/server/db/prepared";
import { resultRows } from "@/server/db/result-rows";
import { provisioningJobs } from "@/server/db/schema";

/**
 * Queuing jobs from application code, for what the database triggers do not see: gateways (ingestion
 * adds gateways it hears, which are on the network server already, so only the operator's changes are
 * queued), retries, drift fixes, and the dependencies a job discovers it needs.
 */

export type JobSubject = "tenant" | "profile" | "device" | "gateway";

export interface NewJob {
  tenantId: string | null;
  subject: JobSubject;
  subjectId: string;
  devEui?: string | null;
  reason: string;
}

/** Queues jobs in the caller's transaction, only while a network server is managed (as the triggers do). */
export async function queueJobs(tx: Database, jobs: NewJob[]) {
  if (!jobs.length) return 0;
  const rows = jobs.map((job) => ({ tenant_id: job.tenantId, subject: job.subject, subject_id: job.subjectId, dev_eui: job.devEui ?? null, reason: job.reason }));
  const inserted = await tx.execute(sql`
    insert into provisioning_jobs (tenant_id, subject, subject_id, dev_eui, reason)
    select x.tenant_id, x.subject::provisioning_subject, x.subject_id, x.dev_eui, x.reason
    from json_to_recordset(${jsonParameter(rows)}) as x(tenant_id uuid, subject text, subject_id text, dev_eui text, reason text)
    where longreach_provisioning_enabled()
    returning id`);
  return resultRows(inserted).length;
}

/** The newest job of a subject: its state is the subject's sync state. */
export async function latestJob(tx: Database, subject: JobSubject, subjectId: string) {
  const [job] = await tx
    .select({ id: provisioningJobs.id, status: provisioningJobs.status, lastError: provisioningJobs.lastError, finishedAt: provisioningJobs.finishedAt, createdAt: provisioningJobs.createdAt })
    .from(provisioningJobs)
    .where(and(eq(provisioningJobs.subject, subject), eq(provisioningJobs.subjectId, subjectId)))
    .orderBy(desc(provisioningJobs.id))
    .limit(1);
  return job ?? null;
}
