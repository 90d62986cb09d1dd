import path from "node:path";
import { openDatabase } from "../../src/server/db/client";

/** The same choice the app makes: DATABASE_URL → PostgreSQL, otherwise the embedded PGlite in DATA_DIR. */
export function openDatabaseFromEnv() {
  return openDatabase({
    url: process.env.DATABASE_URL || undefined,
    dataDir: path.join(process.env.DATA_DIR || ".data", "pglite"),
    poolMax: 2,
  });
}
