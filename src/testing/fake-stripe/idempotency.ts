import { ApiError } from "./api-error";

export interface StoredResponse {
  readonly status: number;
  readonly body: string;
}

interface Entry {
  readonly method: string;
  readonly path: string;
  readonly requestBody: string;
  readonly response: StoredResponse;
  readonly savedAt: number;
}

/** Stripe prunes idempotency keys after they are at least 24 hours old. */
const KEY_LIFETIME_SECONDS = 24 * 3600;

/**
 * Stripe's `Idempotency-Key` contract for POSTs: the first successful result for a key is saved and
 * replayed for any later request with the same key, method, path and parameters. Reusing a key with
 * different parameters or another endpoint is an `idempotency_error`. Only 2xx results are saved
 * here (Stripe also saves some errors raised after an endpoint started executing; see README).
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  replay(key: string, method: string, path: string, requestBody: string, now: number): StoredResponse | null {
    const entry = this.entries.get(key);
    if (entry === undefined || now - entry.savedAt >= KEY_LIFETIME_SECONDS) return null;
    if (entry.method !== method || entry.path !== path) {
      throw new ApiError(400, {
        type: "idempotency_error",
        message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${entry.method} ${entry.path}' vs '${method} ${path}'). Try using a key other than '${key}'.`,
      });
    }
    if (entry.requestBody !== requestBody) {
      throw new ApiError(400, {
        type: "idempotency_error",
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    return entry.response;
  }

  save(key: string, method: string, path: string, requestBody: string, response: StoredResponse, now: number): void {
    this.entries.set(key, { method, path, requestBody, response, savedAt: now });
  }
}
