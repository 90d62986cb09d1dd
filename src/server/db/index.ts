import path from "node:path";
import { env } from "@/env";
import { openDatabase, type DatabaseHandle } from "./client";

export type { Database } from "./client";
export { withPlatform, withTenant, withUser } from "./scopes";

// Cached on globalThis so dev hot-reloads and Next's module copies share one pool (or one PGlite).
const cache = globalThis as unknown as { longreachDb?: Promise<DatabaseHandle> };

/** The application's database, opened once per process. Migrations are applied by the start scripts. */
export async function getDatabase() {
  cache.longreachDb ??= openDatabase({
    url: env.DATABASE_URL,
    poolMax: env.DATABASE_POOL_MAX,
    dataDir: path.join(env.DATA_DIR, "pglite"),
  });
  return (await cache.longreachDb).db;
}
