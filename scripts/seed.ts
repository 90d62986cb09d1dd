/** `npm run db:seed`: adds the demo accounts, tenants and network, then (once) their 60 days of history. */
import { sharedCodecRunner } from "../src/domain/codecs";
import { seedDemoHistory } from "../src/server/demo/demo-history";
import { seedDemo } from "../src/server/demo/seed-demo";
import { openDatabaseFromEnv } from "./lib/database-from-env";

const handle = await openDatabaseFromEnv();
try {
  const now = new Date();
  await seedDemo(handle.db, { now });
  await seedDemoHistory(handle.db, { now, log: (line) => console.log(line) });
  console.log("Demo data is in place.");
} finally {
  await sharedCodecRunner().close();
  await handle.close();
}
