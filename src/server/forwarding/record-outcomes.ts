import { sql } from "drizzle-orm";
import { nextAttemptAfterFailure } from "@/domain/forwarding/retry-schedule";
import type { Database } from "@/server/db";
import { jsonParameter } from "@/server/db/prepared";
import { withPlatform } from "@/server/db/scopes";
import type { ClaimedDelivery } from "./claim-deliveries";
import type { SendOutcome } from "./send-to-destination";

/**
 * Writes what one run's attempts came to, in one transaction: each delivery is delivered, due again
 * on the retry schedule, or failed once the schedule has run out; each forwarder gets the time of its
 * latest success and of its latest failure with that failure's error (so `last_error` always goes with
 * `last_failed_at`). A delivery is only updated while it is still pending with the attempt count this
 * claim gave it: if the lease ran out and another worker claimed it meanwhile, that worker's outcome stands.
 */
export async function recordOutcomes(db: Database, attempts: Array<{ delivery: ClaimedDelivery; outcome: SendOutcome }>, now: Date) {
  if (!attempts.length) return;
  const at = now.toISOString();
  const deliveries = attempts.map(({ delivery, outcome }) => {
    const retryAt = outcome.delivered ? null : nextAttemptAfterFailure(delivery.attempts, now);
    return {
      tenant_id: delivery.tenantId,
      id: delivery.id,
      attempts: delivery.attempts,
      status: outcome.delivered ? "delivered" : retryAt ? "pending" : "failed",
      last_status: outcome.status,
      last_error: outcome.delivered ? null : outcome.error,
      next_attempt_at: retryAt?.toISOString() ?? null,
      delivered_at: outcome.delivered ? at : null,
    };
  });
  const forwarders = new Map<string, { tenant_id: string; id: string; delivered_at: string | null; failed_at: string | null; last_error: string | null }>();
  for (const { delivery, outcome } of attempts) {
    const key = `${delivery.tenantId}|${delivery.forwarder.id}`;
    const forwarder = forwarders.get(key) ?? { tenant_id: delivery.tenantId, id: delivery.forwarder.id, delivered_at: null, failed_at: null, last_error: null };
    if (outcome.delivered) forwarder.delivered_at = at;
    else Object.assign(forwarder, { failed_at: at, last_error: outcome.error });
    forwarders.set(key, forwarder);
  }
  await withPlatform(db, (tx) =>
    Promise.all([
      // Forwarders before their deliveries, as deleting a forwarder locks them, and in key order: workers
      // recording at the same time share forwarders, and must not deadlock.
      tx.execute(sql`
        with x as (
          select * from json_to_recordset(${jsonParameter([...forwarders.values()])}) as x(tenant_id uuid, id uuid, delivered_at timestamptz, failed_at timestamptz, last_error text)
        ), locked as (
          select f.tenant_id, f.id from forwarders f join x using (tenant_id, id) order by f.tenant_id, f.id for no key update of f
        )
        update forwarders f set
          last_delivered_at = greatest(f.last_delivered_at, x.delivered_at),
          last_failed_at = greatest(f.last_failed_at, x.failed_at),
          last_error = case when x.failed_at >= coalesce(f.last_failed_at, '-infinity') then x.last_error else f.last_error end
        from locked join x using (tenant_id, id)
        where f.tenant_id = locked.tenant_id and f.id = locked.id`),
      tx.execute(sql`
        update forward_deliveries d set
          status = x.status::forward_delivery_status, last_status = x.last_status, last_error = x.last_error,
          next_attempt_at = coalesce(x.next_attempt_at, d.next_attempt_at), delivered_at = x.delivered_at
        from json_to_recordset(${jsonParameter(deliveries)}) as x(tenant_id uuid, id bigint, attempts int, status text, last_status int,
          last_error text, next_attempt_at timestamptz, delivered_at timestamptz)
        where d.tenant_id = x.tenant_id and d.id = x.id and d.attempts = x.attempts and d.status = 'pending'`),
    ]),
  );
}
