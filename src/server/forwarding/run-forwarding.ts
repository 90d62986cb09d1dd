import type { DestinationPolicy } from "@/domain/forwarding/destination";
import type { Database } from "@/server/db";
import { inParallel } from "@/server/jobs/in-parallel";
import { claimDeliveries, type ClaimedDelivery } from "./claim-deliveries";
import { forwardedEventOf } from "./delivery-body";
import { recordOutcomes } from "./record-outcomes";
import { sendToDestination, type ResolveHost, type SendOutcome } from "./send-to-destination";
import { openSigningSecret } from "./signing-secret";

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
  fetch?: typeof fetch;
  resolveHost?: ResolveHost;
  timeoutMs?: number;
  /** The clock deliveries are due by and scheduled from (tests move it on instead of waiting). */
  now?: () => Date;
}

export interface ForwardingRun {
  claimed: number;
  delivered: number;
  /** Attempts that failed, whether or not they will be tried again. */
  failed: number;
}

/** One round: claim due deliveries, send them, record what happened. */
export async function runForwardingOnce(deps: ForwardingDeps): Promise<ForwardingRun> {
  const now = deps.now ?? (() => new Date());
  const claimed = await claimDeliveries(deps.db, { limit: CLAIM_LIMIT, now: now() });
  const outcomes = await inParallel(claimed, CONCURRENCY, (delivery) => attempt(delivery, deps));
  await recordOutcomes(deps.db, claimed.map((delivery, i) => ({ delivery, outcome: outcomes[i]! })), now());
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
