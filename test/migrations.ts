import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MIGRATIONS_FOLDER } from "@/server/db/migrate";

/**
 * drizzle/ as an installation saw it when `lastTag` was the newest migration: the same files, the
 * journal cut after it. Migrating a private database with it, storing rows as that schema held them,
 * then migrating the rest tests an upgrade. The caller removes the folder.
 */
export function migrationsUpTo(lastTag: string) {
  const folder = mkdtempSync(path.join(tmpdir(), "longreach-migrations-"));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: Array<{ tag: string }> };
  const last = journal.entries.findIndex((entry) => entry.tag === lastTag);
  if (last < 0) throw new Error(`${lastTag} is not in the journal`);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, last + 1) }));
  return folder;
}
