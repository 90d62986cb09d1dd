import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { TestProject } from "vitest/node";
import { openDatabase, type DatabaseHandle } from "../src/server/db/client";
import { migrateDatabase } from "../src/server/db/migrate";
import { resultRows } from "../src/server/db/result-rows";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteDumpPath: string;
  }
}

/**
 * The sequence numbering the time windows test/network-traffic.ts hands out, shared by every test
 * file's process. Only the tests create it, so it also marks a PostgreSQL database as theirs.
 */
const TEST_DATABASE_MARK = "test_exclusive_windows";

/**
 * Migrates once per run. Against PostgreSQL (DATABASE_URL set) that is the shared test database, emptied
 * first (startFromEmpty); embedded, a migrated PGlite is dumped so each test file starts its own copy in
 * ~0.5 s instead of compiling and migrating from scratch.
 */
export default async function setup(project: TestProject) {
  const handle = await openDatabase({ url: process.env.DATABASE_URL, poolMax: 1 });
  let dumpPath = "";
  try {
    if (handle.driver !== "pglite") await startFromEmpty(handle);
    await migrateDatabase(handle);
    await handle.db.execute(sql.raw(`create sequence if not exists ${TEST_DATABASE_MARK}`));
    if (handle.driver === "pglite") dumpPath = await dumpMigratedPglite(handle);
  } finally {
    await handle.close();
  }
  project.provide("pgliteDumpPath", dumpPath);
}

/**
 * Tests assume what earlier runs left is not there (the billing dashboard's busiest tenants, the demo
 * seeded once, the Stripe catalogue of a fake Stripe that starts empty), so every run starts from an
 * empty database: one the tests wrote before is emptied; one holding tables they did not create (a
 * development or production database named by mistake) is refused, untouched. Vitest calls this once
 * per project in the same process; the database is emptied only the first time.
 */
async function startFromEmpty(handle: DatabaseHandle) {
  const url = process.env.DATABASE_URL!;
  if (process.env.LONGREACH_TEST_DATABASE_EMPTIED === url) return;
  const [state] = resultRows<{ database: string; tables: number; ours: boolean }>(await handle.db.execute(sql`
    select current_database() as database, (select count(*)::int from pg_tables where schemaname = 'public') as tables,
      to_regclass(${`public.${TEST_DATABASE_MARK}`}) is not null as ours`));
  if (state!.tables > 0 && !state!.ours) {
    throw new Error(
      `DATABASE_URL names the database "${state!.database}", which holds tables the tests did not create. ` +
        "The tests fill their database with thousands of tenants and empty it at the start of every run, so give them one of their own: " +
        `createdb -O <role> ${state!.database}_test, and point DATABASE_URL at it.`,
    );
  }
  if (state!.tables > 0) {
    await handle.db.execute(sql`drop schema if exists drizzle cascade`);
    await handle.db.execute(sql`drop schema public cascade`);
    await handle.db.execute(sql`create schema public`);
  }
  process.env.LONGREACH_TEST_DATABASE_EMPTIED = url;
}

async function dumpMigratedPglite(handle: DatabaseHandle) {
  const { PGlite } = await import("@electric-sql/pglite");
  const client = (handle.db as unknown as { $client: InstanceType<typeof PGlite> }).$client;
  const dump = await client.dumpDataDir("none");
  const dumpPath = path.join(mkdtempSync(path.join(tmpdir(), "longreach-test-")), "migrated.tar");
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  return dumpPath;
}
