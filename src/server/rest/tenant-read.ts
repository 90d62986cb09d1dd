import { DomainError } from "@/domain/errors";
import { withTenant, type Database } from "@/server/db";
import type { ApiKeyPrincipal } from "./api-key-authentication";
import { restError, type RestReply } from "./rest-reply";

const STATUS: Record<DomainError["code"], number> = { BAD_REQUEST: 400, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, TOO_MANY_REQUESTS: 429 };

/**
 * The one way endpoints read data: inside the key's tenant, so row-level security applies on top of the
 * queries' own tenant filter. Answers 200 with what `read` returns; domain errors (such as another
 * tenant's device being "not found") become their status with their message.
 */
export async function readAsTenant(db: Database, key: ApiKeyPrincipal, read: (tx: Database) => Promise<Record<string, unknown>>): Promise<RestReply> {
  try {
    return { status: 200, body: await withTenant(db, { tenantId: key.tenantId }, read) };
  } catch (error) {
    if (error instanceof DomainError) return restError(STATUS[error.code], error.message);
    throw error;
  }
}
