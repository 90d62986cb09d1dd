import { desc, eq } from "drizzle-orm";
import { notFound } from "@/domain/errors";
import { hashLinkToken, newLinkToken } from "@/domain/identity/tokens";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { networkConnections } from "@/server/db/schema";

export type ConnectionKind = "chirpstack" | "tts";

/** Creates a connection and returns its secret: shown once, stored only as a hash. */
export async function createConnection(tx: Database, actor: Actor, input: { name: string; kind: ConnectionKind; ratePerSecond?: number }) {
  const { token: secret, tokenHash } = newLinkToken();
  const [connection] = await tx
    .insert(networkConnections)
    .values({ name: input.name, kind: input.kind, secretHash: tokenHash, ratePerSecond: input.ratePerSecond ?? 500 })
    .returning({ id: networkConnections.id, name: networkConnections.name, kind: networkConnections.kind });
  await recordAudit(tx, actor, { tenantId: null, action: "connection.created", targetType: "network_connection", targetId: connection!.id, details: { name: input.name, kind: input.kind } });
  return { ...connection!, secret };
}

/**
 * A new secret for a connection, returned once (only its hash is stored). The old one stops working as
 * this commits: ingestion checks each event's secret in the transaction that stores it.
 */
export async function rotateConnectionSecret(tx: Database, actor: Actor, id: string) {
  const { token: secret, tokenHash } = newLinkToken();
  const [connection] = await tx
    .update(networkConnections)
    .set({ secretHash: tokenHash })
    .where(eq(networkConnections.id, id))
    .returning({ id: networkConnections.id, name: networkConnections.name, kind: networkConnections.kind });
  if (!connection) throw notFound("That connection");
  await recordAudit(tx, actor, { tenantId: null, action: "connection.secret_rotated", targetType: "network_connection", targetId: id, details: { name: connection.name } });
  return { ...connection, secret };
}

export async function listConnections(tx: Database) {
  return tx
    .select({ id: networkConnections.id, name: networkConnections.name, kind: networkConnections.kind, ratePerSecond: networkConnections.ratePerSecond, disabled: networkConnections.disabled, lastEventAt: networkConnections.lastEventAt, createdAt: networkConnections.createdAt })
    .from(networkConnections)
    .orderBy(desc(networkConnections.createdAt));
}

export async function setConnectionDisabled(tx: Database, actor: Actor, id: string, disabled: boolean) {
  const [row] = await tx.update(networkConnections).set({ disabled }).where(eq(networkConnections.id, id)).returning({ id: networkConnections.id });
  if (!row) throw notFound("That connection");
  await recordAudit(tx, actor, { tenantId: null, action: disabled ? "connection.disabled" : "connection.enabled", targetType: "network_connection", targetId: id });
}

/** The connection a request's bearer secret belongs to, or null; with the hash, for ingestion to check again when it stores. */
export async function findConnectionBySecret(tx: Database, secret: string) {
  const [row] = await tx
    .select({ id: networkConnections.id, kind: networkConnections.kind, ratePerSecond: networkConnections.ratePerSecond, disabled: networkConnections.disabled, secretHash: networkConnections.secretHash })
    .from(networkConnections)
    .where(eq(networkConnections.secretHash, hashLinkToken(secret)));
  return row ?? null;
}

/** One connection by id, or null. */
export async function findConnectionById(tx: Database, id: string) {
  const [row] = await tx
    .select({ id: networkConnections.id, name: networkConnections.name, kind: networkConnections.kind, disabled: networkConnections.disabled })
    .from(networkConnections)
    .where(eq(networkConnections.id, id));
  return row ?? null;
}
