import { newApiKey } from "@/domain/identity/api-keys";
import { withPlatform, type Database } from "@/server/db";
import { apiKeys } from "@/server/db/schema";
import { unique } from "./factories";

/** An API key row inserted directly (as key management would), with the key text a machine would send. */
export async function createApiKeyRow(db: Database, tenantId: string, opts: { revoked?: boolean } = {}) {
  const { key, publicId, keyHash } = newApiKey();
  const [row] = await withPlatform(db, (tx) =>
    tx.insert(apiKeys).values({ tenantId, name: unique("key"), publicId, keyHash, revokedAt: opts.revoked ? new Date() : null }).returning(),
  );
  return { id: row!.id, key, authorization: `Bearer ${key}` };
}
