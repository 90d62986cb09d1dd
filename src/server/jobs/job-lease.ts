import { randomUUID } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import { withPlatform, type Database } from "@/server/db";
import { jobLeases } from "@/server/db/schema";

const holder = `${process.pid}-${randomUUID().slice(0, 8)}`;

/**
 * Runs `fn` only if this process can take the named lease, so with several web processes or workers
 * a periodic job runs once at a time. The lease expires by itself if its holder dies mid-run.
 * Returns false when someone else holds it.
 */
export async function withLease(db: Database, name: string, ttlMs: number, fn: () => Promise<void>): Promise<boolean> {
  const until = new Date(Date.now() + ttlMs);
  const taken = await withPlatform(db, (tx) =>
    tx
      .insert(jobLeases)
      .values({ name, holder, until })
      .onConflictDoUpdate({ target: jobLeases.name, set: { holder, until }, setWhere: lt(jobLeases.until, sql`now()`) })
      .returning({ name: jobLeases.name }),
  );
  if (!taken.length) return false;
  try {
    await fn();
  } finally {
    await withPlatform(db, (tx) => tx.update(jobLeases).set({ until: new Date() }).where(and(eq(jobLeases.name, name), eq(jobLeases.holder, holder))));
  }
  return true;
}
