import { and, eq, inArray, sql } from "drizzle-orm";
import { notFound } from "@/domain/errors";
import { syncStateOf, type DeviceSync, type LatestJob } from "@/domain/provisioning";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { resultRows } from "@/server/db/result-rows";
import { jsonParameter } from "@/server/db/prepared";
import { devices } from "@/server/db/schema";
import { queueJobs } from "./queue-jobs";

/** Whether a network server is managed: callable by tenants (a SECURITY DEFINER function, see the triggers migration). */
export async function provisioningEnabled(tx: Database): Promise<boolean> {
  const [row] = resultRows<{ enabled: boolean }>(await tx.execute(sql`select longreach_provisioning_enabled() as enabled`));
  return Boolean(row?.enabled);
}

/**
 * Each of the tenant's devices' sync state: its latest job. Ids that are not the tenant's devices are
 * left out of the answer (not echoed back), and the tenant's scope means only its own jobs are seen.
 */
export async function deviceSyncStates(tx: Database, tenantId: string, requestedIds: string[]): Promise<Record<string, DeviceSync>> {
  const managed = await provisioningEnabled(tx);
  const own = requestedIds.length ? await tx.select({ id: devices.id }).from(devices).where(and(eq(devices.tenantId, tenantId), inArray(devices.id, requestedIds))) : [];
  const deviceIds = own.map((d) => d.id);
  const latest = deviceIds.length
    ? resultRows<{ subject_id: string; status: LatestJob["status"]; last_error: string | null; outcome: string | null; attempts: number; created_ms: number; finished_ms: number | null }>(
        await tx.execute(sql`
          select distinct on (subject_id) subject_id, status, last_error, outcome, attempts,
            (extract(epoch from created_at) * 1000)::float8 as created_ms, (extract(epoch from finished_at) * 1000)::float8 as finished_ms
          from provisioning_jobs
          where tenant_id = ${tenantId} and subject = 'device' and subject_id in (select json_array_elements_text(${jsonParameter(deviceIds)}))
          order by subject_id, id desc`),
      )
    : [];
  const byDevice = new Map(latest.map((r) => [r.subject_id, r]));
  return Object.fromEntries(
    deviceIds.map((id) => {
      const r = byDevice.get(id);
      const job: LatestJob | null = r
        ? { status: r.status, lastError: r.last_error, outcome: r.outcome, attempts: Number(r.attempts), createdAt: new Date(Number(r.created_ms)), finishedAt: r.finished_ms === null ? null : new Date(Number(r.finished_ms)) }
        : null;
      return [id, syncStateOf(job, managed)];
    }),
  );
}

/**
 * A tenant admin's "try again": queues a fresh job for the device (the job reads the device's current
 * state, so it also fixes anything changed on the server since).
 */
export async function retryDeviceSync(tx: Database, actor: Actor, tenantId: string, deviceId: string) {
  const [device] = await tx.select({ devEui: devices.devEui }).from(devices).where(and(eq(devices.tenantId, tenantId), eq(devices.id, deviceId)));
  if (!device) throw notFound("That device");
  const queued = await queueJobs(tx, [{ tenantId, subject: "device", subjectId: deviceId, devEui: device.devEui, reason: "retry" }]);
  if (queued) await recordAudit(tx, actor, { tenantId, action: "device.provisioning_retried", targetType: "device", targetId: deviceId, details: { devEui: device.devEui } });
  return { queued: queued > 0 };
}
