/**
 * `npm run provisioning:check [-- --fix]`: compares Longreach with the managed network server (see
 * src/server/provisioning/check-command.ts) and exits 1 while they differ. With --fix, queues a push of
 * Longreach's state for every difference Longreach can settle on its own; the provisioning workers (the
 * web server, or `npm run provisioner`) then apply them.
 *
 * It uses the web server's environment: DATABASE_URL (or the embedded database while `npm start` is not
 * running), DEVICE_KEY_ENCRYPTION_KEY (it compares keys, and opens the API token) and AUTH_SECRET.
 */
import { openDatabaseFromEnv } from "./lib/database-from-env";

const unknown = process.argv.slice(2).filter((arg) => arg !== "--fix");
if (unknown.length) {
  console.error(`\n  npm run provisioning:check: unknown argument ${unknown[0]}; the only option is --fix.\n`);
  process.exit(2);
}
const [{ runProvisioningCheck }, { closeProvisioningTargets }] = await Promise.all([import("../src/server/provisioning/check-command"), import("../src/server/provisioning/management")]);
const handle = await openDatabaseFromEnv();
try {
  process.exitCode = await runProvisioningCheck(handle.db, { fix: process.argv.includes("--fix"), print: (line) => console.log(line) });
} catch (error) {
  console.error(`provisioning:check: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  closeProvisioningTargets();
  await handle.close();
}
