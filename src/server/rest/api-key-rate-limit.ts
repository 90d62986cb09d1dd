import type { ConnectionRateLimiter } from "@/server/ingestion/rate-limiter";
import { restError, type RestReply } from "./rest-reply";

/** Per key: enough for a machine polling many devices, low enough that one key cannot crowd out the portal. */
export const API_KEY_REQUESTS_PER_SECOND = 20;

/**
 * Ingestion's token bucket, keyed by API key id instead of connection id (burst of one second's worth).
 * Returns the 429 to send, or null when the request may go ahead.
 */
export function throttleApiKey(limiter: ConnectionRateLimiter, keyId: string): RestReply | null {
  const retryAfter = limiter.take(keyId, API_KEY_REQUESTS_PER_SECOND);
  if (!retryAfter) return null;
  return restError(429, `Rate limit of ${API_KEY_REQUESTS_PER_SECOND} requests per second for this API key exceeded; retry after ${retryAfter} s.`, { "Retry-After": String(retryAfter) });
}
