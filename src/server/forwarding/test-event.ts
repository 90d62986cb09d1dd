import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { notFound } from "@/domain/errors";
import type { ForwardedEvent } from "@/domain/forwarding/forwarded-event";
import type { Database } from "@/server/db";
import { forwarders } from "@/server/db/schema";
import { destinationPolicy } from "./destination-policy";
import { sendToDestination, type SendOptions, type SendOutcome } from "./send-to-destination";
import { openSigningSecret } from "./signing-secret";

/** What an endpoint needs to be tested: read inside the tenant's transaction, sent after it. */
export async function testTarget(tx: Database, tenantId: string, forwarderId: string) {
  const [row] = await tx.select({ url: forwarders.url, secretEnc: forwarders.secretEnc }).from(forwarders).where(and(eq(forwarders.tenantId, tenantId), eq(forwarders.id, forwarderId)));
  if (!row) throw notFound("That endpoint");
  return { url: row.url, secret: openSigningSecret(forwarderId, row.secretEnc) };
}

/**
 * Sends a made-up uplink, marked `test: true`, to check an endpoint's URL and signature handling before
 * real events depend on it. Nothing is stored or queued; the answer says what the receiver replied.
 */
export function sendTestEvent(target: { url: string; secret: string }, options: Partial<SendOptions> = {}): Promise<SendOutcome> {
  const now = new Date().toISOString();
  const deliveryId = `test-${randomUUID()}`;
  const body: ForwardedEvent = {
    deliveryId,
    eventId: deliveryId,
    kind: "uplink",
    occurredAt: now,
    receivedAt: now,
    device: { id: "00000000-0000-0000-0000-000000000000", devEui: "0000000000000000", name: "Test device" },
    fCnt: 1,
    fPort: 1,
    payload: Buffer.from([0x01, 0x02, 0x03]).toString("base64"),
    decoded: { test: true },
    decodeError: null,
    radio: { spreadingFactor: 7, bandwidthHz: 125_000, frequencyHz: 868_100_000, airtimeMs: 46.3 },
    signal: { rssi: -80, snr: 7.5, gateways: 1 },
    test: true,
  };
  return sendToDestination({ ...target, deliveryId, body: JSON.stringify(body) }, { policy: destinationPolicy(), ...options });
}
