import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/server/db/client";

/** A migrated database for one test file: the shared PostgreSQL test database, or a private PGlite copy. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  if (url) return openDatabase({ url, poolMax: 4 });
  const dump = readFileSync(inject("pgliteDumpPath"));
  return openDatabase({ loadDataDir: new Blob([dump]) });
}

/** drizzle wraps driver errors ("Failed query: ..."); the database's own message is in `cause`. */
export async function databaseErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return cause?.message ?? (error as Error).message;
  }
  throw new Error("expected the database to refuse, but it accepted");
}
