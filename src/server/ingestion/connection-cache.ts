import type { Database } from "@/server/db/client";
import { withPlatform } from "@/server/db/scopes";
import { findConnectionBySecret } from "@/server/network/connections";

type Connection = NonNullable<Awaited<ReturnType<typeof findConnectionBySecret>>>;

/**
 * Ingestion checks the connection secret on every request; caching the answer for a short time saves
 * a database round trip per event. A cached "valid" is not the last word: the transaction that stores
 * the event checks the secret's hash again (store-events.ts), so a rotated secret or a disabled
 * connection stores nothing at once. A cached "invalid" lasts `ttlMs`, so re-enabling takes that long.
 */
export class ConnectionCache {
  private entries = new Map<string, { connection: Connection | null; until: number }>();

  constructor(private readonly db: Database, private readonly ttlMs = 30_000) {}

  async lookup(secret: string): Promise<Connection | null> {
    // Keyed by the secret itself: hashing it on every event would cost more than the lookup. The map
    // lives only in this process's memory, where every request's secret passes anyway.
    const cached = this.entries.get(secret);
    if (cached && cached.until > Date.now()) return cached.connection;
    const connection = await withPlatform(this.db, (tx) => findConnectionBySecret(tx, secret));
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(secret, { connection, until: Date.now() + this.ttlMs });
    return connection;
  }
}
