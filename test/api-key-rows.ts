import type { ApiKeyScope } from "@/domain/identity/api-key-input";
import { newApiKey } from "@/domain/identity/api-keys";
import { withPlatform, type Database } from "@/server/db";
import { apiKeys } from "@/server/db/schema";
import { unique } from "./factories";

/** An API key row inserted directly (as key management would), with the key text a machine would send. */
export async function createApiKeyRow(db: Database, tenantId: string, opts: { revoked?: boolean; scope?: ApiKeyScope; expiresAt?: Date | null; name?: string } = {}) {
  const { key, publicId, keyHash } = newApiKey();
  const name = opts.name ?? unique("key");
  const [row] = await withPlatform(db, (tx) =>
    tx
      .insert(apiKeys)
      .values({ tenantId, name, publicId, keyHash, scope: opts.scope ?? "read", expiresAt: opts.expiresAt ?? null, revokedAt: opts.revoked ? new Date() : null })
      .returning(),
  );
  return { id: row!.id, name, key, authorization: `Bearer ${key}` };
}
