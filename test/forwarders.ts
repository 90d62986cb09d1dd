import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { newSigningSecret } from "@/domain/forwarding/signature";
import { withPlatform, type Database } from "@/server/db";
import { forwardDeliveries, forwarders } from "@/server/db/schema";
import { sealSigningSecret } from "@/server/forwarding/signing-secret";

type EventKind = (typeof forwarders.$inferInsert)["eventKinds"];

/** A tenant's forwarder, its secret sealed as the app stores it; returns the secret too, as the portal shows it once. */
export async function createForwarder(db: Database, tenantId: string, options: { url?: string; eventKinds?: EventKind; enabled?: boolean } = {}) {
  const id = randomUUID();
  const secret = newSigningSecret();
  await withPlatform(db, (tx) =>
    tx.insert(forwarders).values({
      tenantId, id, name: "Test endpoint", url: options.url ?? "https://receiver.example.org/events", secretEnc: sealSigningSecret(id, secret),
      eventKinds: options.eventKinds ?? ["uplink"], enabled: options.enabled ?? true,
    }),
  );
  return { id, tenantId, secret };
}

/** A forwarder's deliveries, oldest first. */
export function deliveriesOf(db: Database, forwarderId: string) {
  return withPlatform(db, (tx) => tx.select().from(forwardDeliveries).where(eq(forwardDeliveries.forwarderId, forwarderId)).orderBy(forwardDeliveries.id));
}
