/** `npm run db:seed`: adds the demo accounts and tenants (idempotent). */
import { seedDemo } from "../src/server/demo/seed-demo";
import { openDatabaseFromEnv } from "./lib/database-from-env";

const handle = await openDatabaseFromEnv();
try {
  await seedDemo(handle.db);
  console.log("Demo data is in place.");
} finally {
  await handle.close();
}
