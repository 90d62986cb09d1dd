import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { TestProject } from "vitest/node";
import { openDatabase, type DatabaseHandle } from "../src/server/db/client";
import { migrateDatabase } from "../src/server/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteDumpPath: string;
  }
}

/**
 * Migrates once per run. Against PostgreSQL (DATABASE_URL set) that is the shared test database;
 * embedded, a migrated PGlite is dumped so each test file starts its own copy in ~0.5 s instead of
 * compiling and migrating from scratch.
 */
export default async function setup(project: TestProject) {
  const handle = await openDatabase({ url: process.env.DATABASE_URL, poolMax: 1 });
  let dumpPath = "";
  try {
    await migrateDatabase(handle);
    // Numbers the time windows test/network-traffic.ts hands out, shared by every test file's process.
    await handle.db.execute(sql`create sequence if not exists test_exclusive_windows`);
    if (handle.driver === "pglite") dumpPath = await dumpMigratedPglite(handle);
  } finally {
    await handle.close();
  }
  project.provide("pgliteDumpPath", dumpPath);
}

async function dumpMigratedPglite(handle: DatabaseHandle) {
  const { PGlite } = await import("@electric-sql/pglite");
  const client = (handle.db as unknown as { $client: InstanceType<typeof PGlite> }).$client;
  const dump = await client.dumpDataDir("none");
  const dumpPath = path.join(mkdtempSync(path.join(tmpdir(), "longreach-test-")), "migrated.tar");
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  return dumpPath;
}
