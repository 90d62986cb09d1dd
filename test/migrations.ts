import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/server/db/client";
import { MIGRATIONS_FOLDER, migrateDatabase } from "@/server/db/migrate";

/**
 * A test file's private embedded database for testing an upgrade: `migrateUpTo()` gives it the schema
 * an installation had when `lastTag` was the newest migration (store rows as that schema held them),
 * `migrateRest()` then runs the migrations after it. Opened before the file's tests, removed after.
 */
export function useUpgradeDatabase(lastTag: string) {
  let handle: DatabaseHandle | undefined;
  let folder: string | undefined;
  beforeAll(async () => {
    handle = await openDatabase({});
    folder = migrationsUpTo(lastTag);
  });
  afterAll(async () => {
    await handle?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });
  const opened = () => {
    if (!handle) throw new Error("the upgrade database is not open yet: use it inside a test");
    return handle;
  };
  return {
    get db() {
      return opened().db;
    },
    migrateUpTo: () => migrateDatabase(opened(), folder),
    migrateRest: () => migrateDatabase(opened()),
  };
}

/** drizzle/ as an installation saw it when `lastTag` was the newest migration: the same files, the journal cut after it. */
function migrationsUpTo(lastTag: string) {
  const folder = mkdtempSync(path.join(tmpdir(), "longreach-migrations-"));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: Array<{ tag: string }> };
  const last = journal.entries.findIndex((entry) => entry.tag === lastTag);
  if (last < 0) throw new Error(`${lastTag} is not in the journal`);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, last + 1) }));
  return folder;
}
