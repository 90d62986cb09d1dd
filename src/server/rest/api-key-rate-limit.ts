import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/server/db";
import { apiKeyRateLimits } from "@/server/db/schema";
import type { ApiKeyPrincipal } from "./api-key-authentication";
import { restError, type RestReply } from "./rest-reply";

/** Per key: enough for a machine polling many devices, low enough that one key cannot crowd out the portal. */
export const API_KEY_REQUESTS_PER_SECOND = 20;
/** Requests a quiet key may send at once before the rate applies (one second's worth). */
export const API_KEY_BURST = API_KEY_REQUESTS_PER_SECOND;

const INTERVAL_MS = 1000 / API_KEY_REQUESTS_PER_SECOND;
const TOLERANCE_MS = (API_KEY_BURST - 1) * INTERVAL_MS;

const ms = (n: number) => sql`(${n}::double precision * interval '1 millisecond')`;

/**
 * The generic cell rate algorithm, kept in the database so every web process shares one limit per key:
 * each admitted request moves the key's theoretical arrival time on by one interval (from now, if it lay
 * in the past); a request that would move it further ahead than the burst allows is refused and changes
 * nothing. One atomic upsert per request; concurrent requests for a key queue briefly on its row.
 * Runs in the authenticating withPlatform transaction. Returns the 429 to send, or null.
 * Time is the database's clock, the same for every web process (tests pass `at` to stop it).
 */
export async function throttleApiKey(platformTx: Database, key: Pick<ApiKeyPrincipal, "id" | "tenantId">, at?: Date): Promise<RestReply | null> {
  const now = at ? sql`${at.toISOString()}::timestamptz` : sql`statement_timestamp()`;
  const arrival = sql`greatest(${apiKeyRateLimits.theoreticalArrival}, ${now})`;
  const admitted = await platformTx
    .insert(apiKeyRateLimits)
    .values({ tenantId: key.tenantId, apiKeyId: key.id, theoreticalArrival: sql`${now} + ${ms(INTERVAL_MS)}` })
    .onConflictDoUpdate({
      target: [apiKeyRateLimits.tenantId, apiKeyRateLimits.apiKeyId],
      set: { theoreticalArrival: sql`${arrival} + ${ms(INTERVAL_MS)}` },
      setWhere: sql`${arrival} <= ${now} + ${ms(TOLERANCE_MS)}`,
    })
    .returning({ apiKeyId: apiKeyRateLimits.apiKeyId });
  if (admitted.length) return null;

  const [row] = await platformTx
    .select({ aheadMs: sql<number>`extract(epoch from (${apiKeyRateLimits.theoreticalArrival} - ${now})) * 1000` })
    .from(apiKeyRateLimits)
    .where(and(eq(apiKeyRateLimits.tenantId, key.tenantId), eq(apiKeyRateLimits.apiKeyId, key.id)));
  // Whole seconds (Retry-After has no fractions), never 0: by then at least one request fits again.
  const retryAfter = Math.max(1, Math.ceil((Number(row?.aheadMs ?? INTERVAL_MS) - TOLERANCE_MS) / 1000));
  return restError(429, `Rate limit of ${API_KEY_REQUESTS_PER_SECOND} requests per second for this API key exceeded; retry after ${retryAfter} s.`, { "Retry-After": String(retryAfter) });
}
