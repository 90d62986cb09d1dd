import { and, desc, eq, sql } from "drizzle-orm";
import { conflict, notFound } from "@/domain/errors";
import type { NewApiKey } from "@/domain/identity/api-key-input";
import { newApiKey } from "@/domain/identity/api-keys";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { apiKeys, users } from "@/server/db/schema";

/**
 * A tenant's keys for the REST API, as its admins manage them in the portal. Every change is audited in the
 * same transaction. The key itself leaves the server only in the answer that made it; its hash never does,
 * so neither appears in these columns or in the audit log.
 */

const apiKeyColumns = {
  id: apiKeys.id, name: apiKeys.name, publicId: apiKeys.publicId, scope: apiKeys.scope, expiresAt: apiKeys.expiresAt,
  createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt,
};

/**
 * Working keys first (not revoked, not expired), newest first. The creator is null when they have left the tenant: row-level security
 * only shows the tenant's current members.
 */
export function listApiKeys(tx: Database, tenantId: string) {
  return tx
    .select({ ...apiKeyColumns, createdBy: { name: users.name, email: users.email } })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(eq(apiKeys.tenantId, tenantId))
    .orderBy(sql`(${apiKeys.revokedAt} is not null or coalesce(${apiKeys.expiresAt} <= now(), false))`, desc(apiKeys.createdAt), desc(apiKeys.id));
}

/** The plaintext key is in this answer only; the public id is audited so a request's key can be traced to its creation. */
export async function createApiKey(tx: Database, actor: Actor, tenantId: string, input: NewApiKey) {
  const { key, publicId, keyHash } = newApiKey();
  const [apiKey] = await tx
    .insert(apiKeys)
    .values({ tenantId, name: input.name, publicId, keyHash, scope: input.scope, expiresAt: input.expiresAt, createdBy: actor.userId })
    .returning(apiKeyColumns);
  await recordAudit(tx, actor, {
    tenantId, action: "api_key.created", targetType: "api_key", targetId: apiKey!.id,
    details: { name: input.name, publicId, scope: input.scope, expiresAt: input.expiresAt?.toISOString() ?? null },
  });
  return { key, apiKey: apiKey! };
}

/** Stops the key working at once; it stays listed so its last use can still be seen. Another tenant's id finds nothing (row-level security). */
export async function revokeApiKey(tx: Database, actor: Actor, tenantId: string, apiKeyId: string) {
  const [before] = await tx
    .select({ name: apiKeys.name, publicId: apiKeys.publicId, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, apiKeyId)))
    .for("update");
  if (!before) throw notFound("That API key");
  if (before.revokedAt) throw conflict(`The key ${before.name} is already revoked; create a new key if you need one.`);
  const [revoked] = await tx
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, apiKeyId)))
    .returning(apiKeyColumns);
  await recordAudit(tx, actor, { tenantId, action: "api_key.revoked", targetType: "api_key", targetId: apiKeyId, details: { name: before.name, publicId: before.publicId } });
  return revoked!;
}
