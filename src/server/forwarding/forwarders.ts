import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { notFound } from "@/domain/errors";
import { checkDestinationUrl, newSigningSecret, type ForwarderChanges, type NewForwarder } from "@/domain/forwarding";
import { changedFields } from "@/server/audit/changed-fields";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { forwardDeliveries, forwarders } from "@/server/db/schema";
import { destinationPolicy } from "./destination-policy";
import { sealSigningSecret } from "./signing-secret";

/**
 * A tenant's webhook endpoints, as its admins manage them in the portal. Every change is audited in the
 * same transaction. The signing secret leaves the server only in the answer that made it (create, rotate).
 */

const forwarderColumns = {
  id: forwarders.id, name: forwarders.name, url: forwarders.url, eventKinds: forwarders.eventKinds, enabled: forwarders.enabled,
  createdAt: forwarders.createdAt, lastDeliveredAt: forwarders.lastDeliveredAt, lastFailedAt: forwarders.lastFailedAt, lastError: forwarders.lastError,
};

/** The tenant's forwarders (or the one named) with how their deliveries stand: queued, delivered in the last day, given up on. */
async function forwardersWithCounts(tx: Database, tenantId: string, forwarderId?: string) {
  const counts = tx
    .select({
      forwarderId: forwardDeliveries.forwarderId,
      pending: sql<number>`count(*) filter (where ${forwardDeliveries.status} = 'pending')`.as("pending"),
      deliveredLastDay: sql<number>`count(*) filter (where ${forwardDeliveries.status} = 'delivered' and ${forwardDeliveries.deliveredAt} > now() - interval '24 hours')`.as("delivered_last_day"),
      failed: sql<number>`count(*) filter (where ${forwardDeliveries.status} = 'failed')`.as("failed"),
    })
    .from(forwardDeliveries)
    .where(and(eq(forwardDeliveries.tenantId, tenantId), forwarderId ? eq(forwardDeliveries.forwarderId, forwarderId) : undefined))
    .groupBy(forwardDeliveries.forwarderId)
    .as("counts");
  return tx
    .select({
      ...forwarderColumns,
      pending: sql<number>`coalesce(${counts.pending}, 0)::int`,
      deliveredLastDay: sql<number>`coalesce(${counts.deliveredLastDay}, 0)::int`,
      failed: sql<number>`coalesce(${counts.failed}, 0)::int`,
    })
    .from(forwarders)
    .leftJoin(counts, eq(counts.forwarderId, forwarders.id))
    .where(and(eq(forwarders.tenantId, tenantId), forwarderId ? eq(forwarders.id, forwarderId) : undefined))
    .orderBy(asc(forwarders.name), asc(forwarders.id));
}

export function listForwarders(tx: Database, tenantId: string) {
  return forwardersWithCounts(tx, tenantId);
}

export async function getForwarder(tx: Database, tenantId: string, forwarderId: string) {
  const [forwarder] = await forwardersWithCounts(tx, tenantId, forwarderId);
  if (!forwarder) throw notFound("That endpoint");
  return forwarder;
}

/** The forwarder's row, secret left out; another tenant's id finds nothing (row-level security), so it is "not found" too. */
export async function forwarderRow(tx: Database, tenantId: string, forwarderId: string, opts: { forUpdate?: boolean } = {}) {
  const query = tx.select(forwarderColumns).from(forwarders).where(and(eq(forwarders.tenantId, tenantId), eq(forwarders.id, forwarderId)));
  const [row] = await (opts.forUpdate ? query.for("update") : query);
  if (!row) throw notFound("That endpoint");
  return row;
}

/** The id is made here, before the insert, because the secret is encrypted bound to it. */
export async function createForwarder(tx: Database, actor: Actor, tenantId: string, input: NewForwarder) {
  const url = checkDestinationUrl(input.url, destinationPolicy());
  const id = randomUUID();
  const secret = newSigningSecret();
  await tx.insert(forwarders).values({ tenantId, id, name: input.name, url, eventKinds: input.eventKinds, secretEnc: sealSigningSecret(id, secret) });
  await recordAudit(tx, actor, { tenantId, action: "forwarder.created", targetType: "forwarder", targetId: id, details: { name: input.name, url, eventKinds: input.eventKinds } });
  return { id, name: input.name, secret };
}

/** Name, URL, event kinds, enabled: only what differs is written and audited. Queued deliveries go to the new URL. */
export async function updateForwarder(tx: Database, actor: Actor, tenantId: string, forwarderId: string, changes: ForwarderChanges) {
  const before = await forwarderRow(tx, tenantId, forwarderId, { forUpdate: true });
  const url = changes.url === undefined ? undefined : checkDestinationUrl(changes.url, destinationPolicy());
  const { changed, audit } = changedFields(before, { ...changes, url });
  if (Object.keys(changed).length > 0) {
    await tx.update(forwarders).set(changed).where(and(eq(forwarders.tenantId, tenantId), eq(forwarders.id, forwarderId)));
    await recordAudit(tx, actor, { tenantId, action: "forwarder.updated", targetType: "forwarder", targetId: forwarderId, details: { name: before.name, changes: audit } });
  }
  return { id: forwarderId, name: changed.name ?? before.name };
}

/** A new secret, effective for the next delivery; the old one stops working at once. */
export async function rotateForwarderSecret(tx: Database, actor: Actor, tenantId: string, forwarderId: string) {
  const { name } = await forwarderRow(tx, tenantId, forwarderId, { forUpdate: true });
  const secret = newSigningSecret();
  await tx.update(forwarders).set({ secretEnc: sealSigningSecret(forwarderId, secret) }).where(and(eq(forwarders.tenantId, tenantId), eq(forwarders.id, forwarderId)));
  await recordAudit(tx, actor, { tenantId, action: "forwarder.secret_rotated", targetType: "forwarder", targetId: forwarderId, details: { name } });
  return { id: forwarderId, name, secret };
}

/** Its deliveries, queued or past, go with it (foreign key on delete cascade). */
export async function deleteForwarder(tx: Database, actor: Actor, tenantId: string, forwarderId: string) {
  const [deleted] = await tx
    .delete(forwarders)
    .where(and(eq(forwarders.tenantId, tenantId), eq(forwarders.id, forwarderId)))
    .returning({ name: forwarders.name, url: forwarders.url });
  if (!deleted) throw notFound("That endpoint");
  await recordAudit(tx, actor, { tenantId, action: "forwarder.deleted", targetType: "forwarder", targetId: forwarderId, details: deleted });
}
