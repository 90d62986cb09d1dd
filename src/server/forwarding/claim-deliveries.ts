import { sql, type SQL } from "drizzle-orm";
import type { Database } from "@/server/db";
import { resultRows } from "@/server/db/result-rows";
import { withPlatform } from "@/server/db/scopes";

/**
 * How long a claim keeps other workers off a delivery, unless FORWARDING_LEASE_SECONDS says otherwise.
 * Longer than a whole run can take (see runForwardingOnce), so a live worker always records its
 * outcome first; a crashed worker's claims are due again after it.
 */
export const CLAIM_LEASE_MS = 120_000;

/** One delivery as the sender needs it: where to, the sealed secret, and the event (or alert) with its device. */
export interface ClaimedDelivery {
  tenantId: string;
  id: string;
  /** Including this one: what the claim counted. */
  attempts: number;
  forwarder: { id: string; url: string; secretEnc: string };
  /** The stored event it carries; null for an alert. */
  event: null | {
    id: string;
    kind: string;
    occurredAt: Date;
    receivedAt: Date;
    fCnt: number | null;
    fPort: number | null;
    payload: Uint8Array | null;
    decoded: Record<string, unknown> | null;
    decodeError: string | null;
    spreadingFactor: number | null;
    bandwidthHz: number | null;
    frequencyHz: number | null;
    airtimeMs: number | null;
    rssi: number | null;
    snr: number | null;
    gatewayCount: number;
  };
  /** The alert episode's firing or clearing it carries; null for an event. */
  alert: null | ClaimedAlert;
  device: { id: string; devEui: string | null; name: string | null };
}

export interface ClaimedAlert {
  episodeId: string;
  state: "fired" | "cleared";
  rule: { id: string; name: string; kind: string };
  startedAt: Date;
  clearedAt: Date | null;
  value: number | null;
  message: string;
}

/**
 * Takes up to `limit` due deliveries in one statement, longest due first (the due index's order, so a
 * claim reads only as far as it needs). Rows of suspended or closed tenants and of disabled forwarders
 * are left pending (held, not dropped); rows another worker is claiming are skipped (SKIP LOCKED); the
 * chosen ones get `next_attempt_at` pushed a lease ahead and their attempt counted before the
 * transaction ends, so no other worker takes them until the lease runs out.
 */
export async function claimDeliveries(db: Database, options: { limit: number; now: Date; leaseMs?: number }): Promise<ClaimedDelivery[]> {
  const now = options.now.toISOString();
  const leaseEnds = new Date(options.now.getTime() + (options.leaseMs ?? CLAIM_LEASE_MS)).toISOString();
  const rows = await withPlatform(db, async (tx) =>
    resultRows<ClaimRow>(
      await tx.execute(sql`
        with due as (
          select d.tenant_id, d.id
          from forward_deliveries d
          join tenants t on t.id = d.tenant_id
          join forwarders f on f.tenant_id = d.tenant_id and f.id = d.forwarder_id
          where d.status = 'pending' and d.next_attempt_at <= ${now}::timestamptz
            and t.status not in ('suspended', 'closed') and f.enabled
          order by d.next_attempt_at
          limit ${options.limit}
          for update of d skip locked
        ), claimed as (
          update forward_deliveries d
          set next_attempt_at = ${leaseEnds}::timestamptz, attempts = d.attempts + 1, last_attempt_at = ${now}::timestamptz
          from due where d.tenant_id = due.tenant_id and d.id = due.id
          returning d.tenant_id, d.id, d.forwarder_id, d.event_id, d.alert_episode_id, d.alert_state, d.attempts
        )
        select c.tenant_id, c.id, c.attempts, f.id as forwarder_id, f.url, f.secret_enc,
          e.id as event_id, e.kind, ${epochMs(sql`e.occurred_at`)} as occurred_ms, ${epochMs(sql`e.received_at`)} as received_ms, e.f_cnt, e.f_port, e.payload, e.decoded, e.decode_error,
          e.spreading_factor, e.bandwidth_hz, e.frequency_hz, e.airtime_ms, e.rssi, e.snr, e.gateway_count,
          c.alert_episode_id, c.alert_state, a.rule_id, r.name as rule_name, r.kind as rule_kind, ${epochMs(sql`a.started_at`)} as started_ms, ${epochMs(sql`a.cleared_at`)} as cleared_ms,
          a.value as alert_value, a.message as alert_message,
          coalesce(e.device_id, a.device_id) as device_id, dev.dev_eui, dev.name as device_name
        from claimed c
        join forwarders f on f.tenant_id = c.tenant_id and f.id = c.forwarder_id
        left join device_events e on e.tenant_id = c.tenant_id and e.id = c.event_id
        left join alert_episodes a on a.tenant_id = c.tenant_id and a.id = c.alert_episode_id
        left join alert_rules r on r.tenant_id = a.tenant_id and r.id = a.rule_id
        left join devices dev on dev.tenant_id = c.tenant_id and dev.id = coalesce(e.device_id, a.device_id)
        order by c.id`),
    ),
  );
  return rows.map(claimedDelivery);
}

interface ClaimRow {
  tenant_id: string;
  id: string | number;
  attempts: number;
  forwarder_id: string;
  url: string;
  secret_enc: string;
  event_id: string | number | null;
  kind: string;
  occurred_ms: number;
  received_ms: number;
  alert_episode_id: string | number | null;
  alert_state: "fired" | "cleared" | null;
  rule_id: string | null;
  rule_name: string | null;
  rule_kind: string | null;
  started_ms: number | null;
  cleared_ms: number | null;
  alert_value: number | null;
  alert_message: string | null;
  f_cnt: string | number | null;
  f_port: number | null;
  payload: Uint8Array | null;
  decoded: Record<string, unknown> | null;
  decode_error: string | null;
  spreading_factor: number | null;
  bandwidth_hz: number | null;
  frequency_hz: string | number | null;
  airtime_ms: number | null;
  rssi: number | null;
  snr: number | null;
  gateway_count: number;
  device_id: string;
  dev_eui: string | null;
  device_name: string | null;
}

/** Raw results give timestamps as text (drizzle turns the drivers' parsing off): read as milliseconds instead. */
const epochMs = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;

/** Raw results differ by driver (postgres.js gives bigint as text): normalised here, once. */
function claimedDelivery(r: ClaimRow): ClaimedDelivery {
  const bigintOrNull = (value: string | number | null) => (value === null ? null : Number(value));
  return {
    tenantId: r.tenant_id,
    id: String(r.id),
    attempts: Number(r.attempts),
    forwarder: { id: r.forwarder_id, url: r.url, secretEnc: r.secret_enc },
    alert: r.alert_episode_id === null ? null : {
      episodeId: String(r.alert_episode_id),
      state: r.alert_state!,
      rule: { id: r.rule_id!, name: r.rule_name!, kind: r.rule_kind! },
      startedAt: new Date(Number(r.started_ms)),
      clearedAt: r.cleared_ms === null ? null : new Date(Number(r.cleared_ms)),
      value: r.alert_value === null ? null : Number(r.alert_value),
      message: r.alert_message!,
    },
    event: r.event_id === null ? null : {
      id: String(r.event_id),
      kind: r.kind,
      occurredAt: new Date(r.occurred_ms),
      receivedAt: new Date(r.received_ms),
      fCnt: bigintOrNull(r.f_cnt),
      fPort: r.f_port,
      payload: r.payload,
      decoded: r.decoded,
      decodeError: r.decode_error,
      spreadingFactor: r.spreading_factor,
      bandwidthHz: r.bandwidth_hz,
      frequencyHz: bigintOrNull(r.frequency_hz),
      airtimeMs: r.airtime_ms,
      rssi: r.rssi,
      snr: r.snr,
      gatewayCount: Number(r.gateway_count),
    },
    device: { id: r.device_id, devEui: r.dev_eui, name: r.device_name },
  };
}
