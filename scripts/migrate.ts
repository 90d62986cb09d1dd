/** `npm run db:migrate`: applies pending migrations from drizzle/ to the configured database. */
import { migrateDatabase } from "../src/server/db/migrate";
import { openDatabaseFromEnv } from "./lib/database-from-env";

const handle = await openDatabaseFromEnv();
try {
  await migrateDatabase(handle);
  console.log(`Migrations applied (${handle.driver}).`);
} finally {
  await handle.close();
}
