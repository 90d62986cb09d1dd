import { randomUUID } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import { withPlatform, type Database } from "@/server/db";
import { jobLeases } from "@/server/db/schema";

const holder = `${process.pid}-${randomUUID().slice(0, 8)}`;

/**
 * Runs `fn` only if this process can take the named lease, so with several web processes or workers
 * a periodic job runs once at a time. The holder renews the lease every third of `ttlMs` while `fn`
 * runs, so a long run keeps it however long it takes, and a holder that dies mid-run (kill -9, a lost
 * machine) loses it within `ttlMs`: the next process to try takes over then. The jobs run under a
 * lease are safe to repeat, so a renewal that fails (the database away) only risks a second runner,
 * never a wrong result. Returns false when someone else holds it.
 */
export async function withLease(db: Database, name: string, ttlMs: number, fn: () => Promise<void>): Promise<boolean> {
  const until = () => new Date(Date.now() + ttlMs);
  const taken = await withPlatform(db, (tx) =>
    tx
      .insert(jobLeases)
      .values({ name, holder, until: until() })
      .onConflictDoUpdate({ target: jobLeases.name, set: { holder, until: until() }, setWhere: lt(jobLeases.until, sql`now()`) })
      .returning({ name: jobLeases.name }),
  );
  if (!taken.length) return false;
  const mine = and(eq(jobLeases.name, name), eq(jobLeases.holder, holder));
  const renewal = setInterval(() => {
    void withPlatform(db, (tx) => tx.update(jobLeases).set({ until: until() }).where(mine)).catch(() => {
      // Tried again at the next renewal; if the lease lapses meanwhile, another process may run the job too.
    });
  }, Math.max(1, Math.floor(ttlMs / 3)));
  try {
    await fn();
  } finally {
    clearInterval(renewal);
    // If this fails (the database away), the lease simply runs out.
    await withPlatform(db, (tx) => tx.update(jobLeases).set({ until: new Date() }).where(mine)).catch(() => {});
  }
  return true;
}
