import { sql } from "drizzle-orm";
import { invalid, notFound } from "@/domain/errors";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { resultRows } from "@/server/db/result-rows";
import { queueJobs, type JobSubject } from "./queue-jobs";

/** The operator's view of the provisioning queue, across tenants. */

export async function queueOverview(tx: Database, now = new Date()) {
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
  const [totals] = resultRows<{ pending: number; retrying: number; failed: number; done_24h: number; oldest_pending_ms: number | null }>(
    await tx.execute(sql`
      select count(*) filter (where status = 'pending')::int as pending,
        count(*) filter (where status = 'pending' and last_error is not null)::int as retrying,
        count(*) filter (where status = 'failed' and not exists (
          select 1 from provisioning_jobs later where later.subject = j.subject and later.subject_id = j.subject_id and later.id > j.id))::int as failed,
        count(*) filter (where status = 'done' and finished_at >= ${dayAgo}::timestamptz)::int as done_24h,
        (extract(epoch from min(created_at) filter (where status = 'pending')) * 1000)::float8 as oldest_pending_ms
      from provisioning_jobs j`),
  );
  const byTenant = resultRows<{ tenant_id: string | null; tenant_name: string | null; pending: number; failed: number }>(
    await tx.execute(sql`
      select j.tenant_id, t.name as tenant_name,
        count(*) filter (where j.status = 'pending')::int as pending,
        count(*) filter (where j.status = 'failed')::int as failed
      from provisioning_jobs j left join tenants t on t.id = j.tenant_id
      where j.status = 'pending' or (j.status = 'failed' and not exists (
        select 1 from provisioning_jobs later where later.subject = j.subject and later.subject_id = j.subject_id and later.id > j.id))
      group by j.tenant_id, t.name
      order by count(*) filter (where j.status = 'failed') desc, count(*) desc
      limit 50`),
  );
  return {
    pending: totals?.pending ?? 0,
    retrying: totals?.retrying ?? 0,
    failed: totals?.failed ?? 0,
    doneLast24h: totals?.done_24h ?? 0,
    oldestPendingAt: totals?.oldest_pending_ms ? new Date(Number(totals.oldest_pending_ms)) : null,
    byTenant: byTenant.map((r) => ({ tenantId: r.tenant_id, tenantName: r.tenant_name ?? "The council", pending: r.pending, failed: r.failed })),
  };
}

export interface JobFilter { status?: "pending" | "failed" | "done"; tenantId?: string; page: number; pageSize: number }

/** Jobs, newest first, each named by what it is about. "failed" lists only failures nothing has superseded since. */
export async function listJobs(tx: Database, filter: JobFilter) {
  const where = sql.join(
    [
      sql`true`,
      filter.status ? sql`j.status = ${filter.status}::provisioning_job_status` : sql`true`,
      filter.status === "failed" ? sql`not exists (select 1 from provisioning_jobs later where later.subject = j.subject and later.subject_id = j.subject_id and later.id > j.id)` : sql`true`,
      filter.tenantId ? sql`j.tenant_id = ${filter.tenantId}::uuid` : sql`true`,
    ],
    sql` and `,
  );
  const rows = resultRows<JobRow>(
    await tx.execute(sql`
      select j.id, j.tenant_id, t.name as tenant_name, j.subject, j.subject_id, j.dev_eui, j.reason, j.status, j.attempts, j.last_error, j.outcome,
        (extract(epoch from j.created_at) * 1000)::float8 as created_ms, (extract(epoch from j.finished_at) * 1000)::float8 as finished_ms,
        (extract(epoch from j.next_attempt_at) * 1000)::float8 as next_ms,
        coalesce(d.name, p.name, g.name, case when j.subject = 'tenant' then coalesce(t.name, 'The council''s tenant') end) as subject_name
      from provisioning_jobs j
      left join tenants t on t.id = j.tenant_id
      left join devices d on j.subject = 'device' and d.tenant_id = j.tenant_id and d.id::text = j.subject_id
      left join device_profiles p on j.subject = 'profile' and p.tenant_id = j.tenant_id and p.id::text = j.subject_id
      left join gateways g on j.subject = 'gateway' and g.gateway_eui = j.subject_id
      where ${where}
      order by j.id desc
      limit ${filter.pageSize} offset ${(filter.page - 1) * filter.pageSize}`),
  );
  const [count] = resultRows<{ total: number }>(await tx.execute(sql`select count(*)::int as total from provisioning_jobs j where ${where}`));
  return {
    rows: rows.map((r) => ({
      id: Number(r.id), tenantId: r.tenant_id, tenantName: r.tenant_name, subject: r.subject, subjectId: r.subject_id, subjectName: r.subject_name ?? (r.subject === "profile" && r.subject_id.startsWith("default:") ? "Default profile" : null),
      devEui: r.dev_eui, reason: r.reason, status: r.status, attempts: Number(r.attempts), lastError: r.last_error, outcome: r.outcome,
      createdAt: new Date(Number(r.created_ms)), finishedAt: r.finished_ms === null ? null : new Date(Number(r.finished_ms)), nextAttemptAt: new Date(Number(r.next_ms)),
    })),
    total: count?.total ?? 0,
  };
}

interface JobRow {
  id: number | string; tenant_id: string | null; tenant_name: string | null; subject: JobSubject; subject_id: string; dev_eui: string | null; reason: string;
  status: "pending" | "done" | "failed"; attempts: number; last_error: string | null; outcome: string | null; created_ms: number; finished_ms: number | null; next_ms: number; subject_name: string | null;
}

/** Queues again every failed job nothing has superseded (all of them, or one tenant's, or one). */
export async function retryFailedJobs(tx: Database, actor: Actor, scope: { jobId?: number; tenantId?: string }) {
  const failed = resultRows<{ tenant_id: string | null; subject: JobSubject; subject_id: string; dev_eui: string | null }>(
    await tx.execute(sql`
      select j.tenant_id, j.subject, j.subject_id, j.dev_eui from provisioning_jobs j
      where j.status = 'failed'
        and not exists (select 1 from provisioning_jobs later where later.subject = j.subject and later.subject_id = j.subject_id and later.id > j.id)
        and ${scope.jobId !== undefined ? sql`j.id = ${scope.jobId}` : sql`true`}
        and ${scope.tenantId ? sql`j.tenant_id = ${scope.tenantId}::uuid` : sql`true`}
      -- Queued again in their first order, so a DevEUI's old removal still goes before its new registration.
      order by j.id`),
  );
  if (scope.jobId !== undefined && !failed.length) throw notFound("A failed job with that number (it may have been retried already)");
  const queued = await queueJobs(tx, failed.map((j) => ({ tenantId: j.tenant_id, subject: j.subject, subjectId: j.subject_id, devEui: j.dev_eui, reason: "retry" })));
  if (failed.length && !queued) throw invalid("No network server is managed, so nothing can be retried; set one up under Connections.");
  if (queued) {
    await recordAudit(tx, actor, { tenantId: scope.tenantId ?? null, action: "provisioning.retried", targetType: "provisioning_job", targetId: scope.jobId?.toString(), details: { count: queued } });
  }
  return { queued };
}
