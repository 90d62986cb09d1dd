import { timingSafeEqual } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { SUSPENDED_TRAFFIC_MESSAGE } from "@/domain/devices";
import type { ApiKeyScope } from "@/domain/identity/api-key-input";
import { parseApiKey } from "@/domain/identity/api-keys";
import type { Database } from "@/server/db";
import { apiKeys, tenants } from "@/server/db/schema";
import { restError, type RestReply } from "./rest-reply";

/** The key a request was made with. Its tenant is the only one the request may see or change. */
export interface ApiKeyPrincipal { id: string; tenantId: string; publicId: string; name: string; scope: ApiKeyScope }

/** last_used_at is for people reviewing keys, so minute precision is enough and most requests write nothing. */
export const LAST_USED_PRECISION_MS = 60_000;

const HOW_TO_SEND = "Send it as 'Authorization: Bearer lrk_…'; an admin of your organisation creates keys in the portal under Integrations.";

const unauthorized = (message: string) => restError(401, message, { "WWW-Authenticate": 'Bearer realm="longreach"' });

/**
 * Who is calling, inside a withPlatform transaction (the tenant is not known yet): the key is found by
 * its public id across tenants, then its hash is compared in constant time, so neither a wrong secret nor
 * a guessed public id can be told apart by timing. A suspended tenant's traffic is kept but not shown, as
 * in the portal.
 */
export async function authenticateApiKey(platformTx: Database, authorization: string | null): Promise<{ key: ApiKeyPrincipal } | { refusal: RestReply }> {
  const text = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!text) return { refusal: unauthorized(`Missing API key. ${HOW_TO_SEND}`) };
  const presented = parseApiKey(text);
  if (!presented) return { refusal: unauthorized(`That is not a Longreach API key (they start with lrk_ and are 60 characters long). ${HOW_TO_SEND}`) };

  const [row] = await platformTx
    .select({
      id: apiKeys.id, tenantId: apiKeys.tenantId, name: apiKeys.name, scope: apiKeys.scope, keyHash: apiKeys.keyHash,
      expiresAt: apiKeys.expiresAt, revokedAt: apiKeys.revokedAt, lastUsedAt: apiKeys.lastUsedAt, tenantStatus: tenants.status,
    })
    .from(apiKeys)
    .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
    .where(eq(apiKeys.publicId, presented.publicId));
  if (!row || !sameHash(row.keyHash, presented.keyHash)) {
    return { refusal: unauthorized("That API key is not valid; check that it was copied whole, or create a new one in the portal under Integrations.") };
  }
  if (row.revokedAt) return { refusal: unauthorized("That API key has been revoked; create a new one in the portal under Integrations.") };
  const now = new Date();
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) {
    return { refusal: unauthorized(`That API key expired at ${row.expiresAt.toISOString()}; create a new one in the portal under Integrations.`) };
  }
  if (row.tenantStatus === "closed") return { refusal: unauthorized("This organisation's account is closed, so its API keys no longer work.") };
  if (row.tenantStatus === "suspended") return { refusal: restError(403, SUSPENDED_TRAFFIC_MESSAGE) };

  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
    await platformTx.update(apiKeys).set({ lastUsedAt: now }).where(and(eq(apiKeys.tenantId, row.tenantId), eq(apiKeys.id, row.id)));
  }
  return { key: { id: row.id, tenantId: row.tenantId, publicId: presented.publicId, name: row.name, scope: row.scope } };
}

function sameHash(storedHex: string, presentedHex: string) {
  const stored = Buffer.from(storedHex, "hex");
  const presented = Buffer.from(presentedHex, "hex");
  return stored.length === presented.length && timingSafeEqual(stored, presented);
}
