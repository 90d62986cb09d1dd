import type { Database } from "@/server/db/client";
import { withPlatform } from "@/server/db/scopes";
import { findConnectionById } from "@/server/network/connections";

export interface ConnectionEnabledCacheOptions {
  /** How long an answer is trusted. Default 30 s, the same as ConnectionCache's for HTTP ingestion. */
  ttlMs?: number;
  now?: () => number;
  /** Where a failed read is reported. */
  logError?: (message: string, error: unknown) => void;
}

/**
 * Whether one network connection is enabled, for a process that attributes every event to it (the MQTT
 * worker). Like ConnectionCache for HTTP ingestion, it reads the answer at most once per `ttlMs`, so it
 * costs no query per event and disabling the connection takes effect everywhere within `ttlMs`.
 *
 * A failed read keeps the last known answer (enabled, if there is none yet) until the next read is due:
 * a database hiccup must not make the worker refuse, and so lose, events it would have stored.
 */
export class ConnectionEnabledCache {
  private known: boolean | undefined;
  private freshUntil = -Infinity;
  private reading: Promise<boolean> | null = null;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly logError: (message: string, error: unknown) => void;

  constructor(private readonly read: () => Promise<boolean>, options: ConnectionEnabledCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.logError = options.logError ?? ((message, error) => console.error(message, error));
  }

  enabled(): Promise<boolean> {
    if (this.now() < this.freshUntil) return Promise.resolve(this.known ?? true);
    // Events arrive on several MQTT sessions at once: when the answer is due, they share one read.
    this.reading ??= this.refresh().finally(() => (this.reading = null));
    return this.reading;
  }

  private async refresh(): Promise<boolean> {
    try {
      this.known = await this.read();
    } catch (error) {
      const keeping = this.known === undefined ? "taking it as enabled" : `keeping the last known state (${this.known ? "enabled" : "disabled"})`;
      this.logError(`could not read whether the network connection is enabled; ${keeping} for ${this.ttlMs / 1000} s`, error);
    }
    this.freshUntil = this.now() + this.ttlMs;
    return this.known ?? true;
  }
}

/** The cache over a connection's row in `db`. A connection that does not exist counts as disabled, as in HTTP ingestion. */
export function connectionEnabledInDatabase(db: Database, connectionId: string, options?: ConnectionEnabledCacheOptions) {
  return new ConnectionEnabledCache(async () => {
    const connection = await withPlatform(db, (tx) => findConnectionById(tx, connectionId));
    return connection !== null && !connection.disabled;
  }, options);
}
