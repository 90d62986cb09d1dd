import { createHash } from "node:crypto";
import { z } from "zod";
import { and, eq, lte, sql } from "drizzle-orm";
import type { Database } from "@/server/db";
import { apiIdempotencyKeys } from "@/server/db/schema";
import type { ApiKeyPrincipal } from "./api-key-authentication";
import { restError, type RestReply } from "./rest-reply";

/** As long as Stripe keeps them: covers any sensible client's retries, and then the key may be used again. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/** The header's value: any printable ASCII (clients usually send a UUID), at most 255 characters. */
export const idempotencyKeyHeader = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, "give 1 to 255 printable ASCII characters without spaces, e.g. a UUID you make for this create and send again on every retry of it.")
  .meta({ description: `Makes the request safe to retry: a retry with the same key and body within ${IDEMPOTENCY_KEY_TTL_HOURS} hours answers exactly as the first request did (the same status and body, with 'Idempotent-Replayed: true'), without doing the work again. The same key with a different body is refused with 422.`, example: "3f1c8a52-7e0b-4d6e-9a55-2b8f0c1d9e47" });

export type Claim = { claimed: true } | { answer: RestReply };

/** What the request was, so a key reused for a different request is noticed: method, path and the validated body (its keys in schema order). */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash("sha256").update(`${method.toUpperCase()} ${path}\n${JSON.stringify(body ?? null)}`).digest("hex");
}

const row = (key: ApiKeyPrincipal, idempotencyKey: string) =>
  and(eq(apiIdempotencyKeys.tenantId, key.tenantId), eq(apiIdempotencyKeys.apiKeyId, key.id), eq(apiIdempotencyKeys.idempotencyKey, idempotencyKey));

/**
 * Inside the tenant transaction that will do the work: takes the key for this request, or finds the answer
 * an earlier request with it got. The row is inserted before the work, so a concurrent request with the
 * same key waits on it (unique index) until this transaction ends, then sees its stored answer; if this
 * transaction rolls back (a server error), nothing was stored and the retry does the work.
 * The key's own expired rows are removed first, so a key can be used again after a day.
 */
export async function claimIdempotencyKey(tx: Database, key: ApiKeyPrincipal, idempotencyKey: string, fingerprint: string): Promise<Claim> {
  await tx
    .delete(apiIdempotencyKeys)
    .where(and(eq(apiIdempotencyKeys.tenantId, key.tenantId), eq(apiIdempotencyKeys.apiKeyId, key.id), lte(apiIdempotencyKeys.expiresAt, sql`now()`)));
  const inserted = await tx
    .insert(apiIdempotencyKeys)
    .values({
      tenantId: key.tenantId, apiKeyId: key.id, idempotencyKey, requestFingerprint: fingerprint,
      expiresAt: sql`now() + ${IDEMPOTENCY_KEY_TTL_HOURS} * interval '1 hour'`,
    })
    .onConflictDoNothing()
    .returning({ idempotencyKey: apiIdempotencyKeys.idempotencyKey });
  if (inserted.length) return { claimed: true };

  const [earlier] = await tx.select().from(apiIdempotencyKeys).where(row(key, idempotencyKey));
  if (!earlier) {
    // Another request with this key expired and was removed between our two statements: a retry will claim it.
    return { answer: restError(409, "Another request with this Idempotency-Key was being processed; retry it.") };
  }
  if (earlier.requestFingerprint !== fingerprint) {
    return {
      answer: restError(422, `This Idempotency-Key was already used by this API key for a different request in the last ${IDEMPOTENCY_KEY_TTL_HOURS} hours; send a new key for a new request, or the same body to retry the earlier one.`),
    };
  }
  if (earlier.responseStatus === null) return { answer: restError(409, "A request with this Idempotency-Key is still being processed; retry it in a moment.") };
  return {
    answer: { status: earlier.responseStatus, body: earlier.responseBody ?? null, headers: { ...earlier.responseHeaders, "Idempotent-Replayed": "true" } },
  };
}

/** Stores the answer in the claiming transaction, so it is committed together with the work. */
export async function recordIdempotentAnswer(tx: Database, key: ApiKeyPrincipal, idempotencyKey: string, answer: RestReply) {
  await tx
    .update(apiIdempotencyKeys)
    .set({ responseStatus: answer.status, responseBody: answer.body, responseHeaders: answer.headers ?? {} })
    .where(row(key, idempotencyKey));
}
