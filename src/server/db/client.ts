import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export { schema };
/** One type for both drivers (postgres.js in production, PGlite embedded), so no code depends on which. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  driver: "postgres" | "pglite";
  close(): Promise<void>;
}

/**
 * Opens the database the environment asks for: DATABASE_URL → that PostgreSQL server through postgres.js;
 * unset → an embedded PGlite database kept in `dataDir` (nothing to install). The drivers are imported
 * lazily so a production server never loads the PGlite wasm.
 */
export async function openDatabase(options: { url?: string; dataDir?: string; poolMax?: number; loadDataDir?: Blob }): Promise<DatabaseHandle> {
  if (options.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(options.url, { max: options.poolMax ?? 10, onnotice: () => {} });
    // Queries in progress get a few seconds to finish; then the connections are closed regardless. Without
    // a limit, a connection the server ended while it sat idle (a database restart) can hold end() forever.
    return { db: drizzle({ client, schema }) as unknown as Database, driver: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const client = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
  return { db: drizzle({ client, schema }) as unknown as Database, driver: "pglite", close: () => client.close() };
}
