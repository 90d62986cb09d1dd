import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, inject } from "vitest";
import { openDatabase, type Database, type DatabaseHandle } from "@/server/db/client";
import { failureReason } from "@/server/db/failure-reason";

/** A migrated database for one test file: the shared PostgreSQL test database, or a private PGlite copy. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  if (url) return openDatabase({ url, poolMax: 4 });
  const dump = readFileSync(inject("pgliteDumpPath"));
  return openDatabase({ loadDataDir: new Blob([dump]) });
}

/**
 * Opens this test file's database before its tests and closes it after them. Read `.db` inside tests
 * (or hooks registered after this call), once it is open.
 */
export function useTestDatabase(): { readonly db: Database } {
  let handle: DatabaseHandle | undefined;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(() => handle?.close());
  return {
    get db() {
      if (!handle) throw new Error("the test database is not open yet: read .db inside a test");
      return handle.db;
    },
  };
}

/** drizzle wraps driver errors ("Failed query: ..."); the database's own message is in `cause`. */
export async function databaseErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return failureReason(error);
  }
  throw new Error("expected the database to refuse, but it accepted");
}

/**
 * Makes the database refuse inserts into `table` whose `column` is `value` (as a constraint or a full
 * disk might refuse them) until the returned function is called. `value` is an id or EUI the test made.
 * One statement per call: the embedded database refuses several in one.
 */
export async function refuseInserts(db: Database, table: string, column: string, value: string, message: string) {
  const name = `refuse_${randomUUID().replaceAll("-", "")}`;
  await db.execute(sql.raw(`
    create function ${name}() returns trigger language plpgsql as $$ begin
      if new.${column} = '${value}' then raise exception '${message}'; end if; return new; end $$`));
  await db.execute(sql.raw(`create trigger ${name} before insert on ${table} for each row execute function ${name}()`));
  return async () => {
    await db.execute(sql.raw(`drop trigger ${name} on ${table}`));
    await db.execute(sql.raw(`drop function ${name}()`));
  };
}
