import type { DestinationPolicy } from "@/domain/forwarding/destination";
import type { Database } from "@/server/db";
import { isDatabaseUnavailable, type OutageLog } from "@/server/db/database-unavailable";
import { CLAIM_LEASE_MS, claimDeliveries, type ClaimedDelivery } from "./claim-deliveries";
import { forwardedEventOf } from "./delivery-body";
import { recordOutcomes } from "./record-outcomes";
import { sendToDestination, type ResolveHost, type SendFetch, type SendOutcome } from "./send-to-destination";
import { openSigningSecret } from "./signing-secret";
import { inParallel } from "@/server/jobs/in-parallel";

/**
 * Deliveries per run, sent CONCURRENCY at a time. Even if every one of them times out, a run ends
 * (32 / 8 × 10 s, plus name lookups) well within the claim's lease, so no other worker takes them
 * while they are being sent.
 */
export const CLAIM_LIMIT = 32;
const CONCURRENCY = 8;

export interface ForwardingDeps {
  db: Database;
  policy: DestinationPolicy;
  fetch?: SendFetch;
  resolveHost?: ResolveHost;
  timeoutMs?: number;
  /** The clock deliveries are due by and scheduled from (tests move it on instead of waiting). */
  now?: () => Date;
  /** How long a claim keeps other workers off its deliveries (FORWARDING_LEASE_SECONDS; default CLAIM_LEASE_MS). */
  leaseMs?: number;
  /** Told when recording outcomes waits for the database. */
  outage?: OutageLog;
}

export interface ForwardingRun {
  claimed: number;
  delivered: number;
  /** Attempts that failed, whether or not they will be tried again. */
  failed: number;
}

/**
 * One round: claim due deliveries, send them, record what happened. If the database goes away after
 * the sends, recording is retried until shortly before the claim's lease ends: what was sent is then
 * not sent again once the database is back. Only a process that dies (or an outage longer than the
 * lease) leaves sent deliveries unrecorded, to be sent again after the lease (at least once).
 */
export async function runForwardingOnce(deps: ForwardingDeps): Promise<ForwardingRun> {
  const now = deps.now ?? (() => new Date());
  const leaseMs = deps.leaseMs ?? CLAIM_LEASE_MS;
  const claimedAt = Date.now();
  const claimed = await claimDeliveries(deps.db, { limit: CLAIM_LIMIT, now: now(), leaseMs });
  const outcomes = await inParallel(claimed, CONCURRENCY, (delivery) => attempt(delivery, deps));
  const attempts = claimed.map((delivery, i) => ({ delivery, outcome: outcomes[i]! }));
  await untilRecorded(() => recordOutcomes(deps.db, attempts, now()), claimedAt + leaseMs * 0.9, deps.outage);
  const delivered = outcomes.filter((outcome) => outcome.delivered).length;
  return { claimed: claimed.length, delivered, failed: claimed.length - delivered };
}

async function attempt(delivery: ClaimedDelivery, deps: ForwardingDeps): Promise<SendOutcome> {
  let secret: string;
  try {
    secret = openSigningSecret(delivery.forwarder.id, delivery.forwarder.secretEnc);
  } catch {
    return { delivered: false, status: null, error: "the signing secret cannot be decrypted (has DEVICE_KEY_ENCRYPTION_KEY changed?); rotate the secret" };
  }
  const body = JSON.stringify(forwardedEventOf(delivery));
  return sendToDestination({ url: delivery.forwarder.url, secret, deliveryId: delivery.id, body }, deps);
}

/** Runs `record` again while the database is unavailable, until `deadline` (epoch ms); then gives up with its error. */
async function untilRecorded(record: () => Promise<void>, deadline: number, outage?: OutageLog) {
  for (let delay = 250; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      await record();
      outage?.succeeded();
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + delay >= deadline) throw error;
      outage?.failed(error);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
