/**
 * `npm run provisioning:check [-- [--fix] [--tenant <slug>]]`: compares Longreach with the managed network server (see
 * src/server/provisioning/check-command.ts) and exits 1 while they differ. With --fix, queues a push of
 * Longreach's state for every difference Longreach can settle on its own; the provisioning workers (the
 * web server, or `npm run provisioner`) then apply them.
 *
 * It uses the web server's environment: DATABASE_URL (or the embedded database while `npm start` is not
 * running), DEVICE_KEY_ENCRYPTION_KEY (it compares keys, and opens the API token) and AUTH_SECRET.
 */
import { openDatabaseFromEnv } from "./lib/database-from-env";

const args = process.argv.slice(2);
const tenantAt = args.indexOf("--tenant");
const tenantSlug = tenantAt >= 0 ? args[tenantAt + 1] : undefined;
const unknown = args.filter((arg, i) => arg !== "--fix" && !(tenantAt >= 0 && (i === tenantAt || i === tenantAt + 1)));
if (unknown.length || (tenantAt >= 0 && !tenantSlug)) {
  console.error(`\n  npm run provisioning:check: ${unknown.length ? `unknown argument ${unknown[0]}` : "--tenant needs a tenant's slug"}; the options are --fix and --tenant <slug>.\n`);
  process.exit(2);
}
const [{ runProvisioningCheck }, { closeProvisioningTargets }] = await Promise.all([import("../src/server/provisioning/check-command"), import("../src/server/provisioning/management")]);
const handle = await openDatabaseFromEnv();
try {
  process.exitCode = await runProvisioningCheck(handle.db, { fix: args.includes("--fix"), tenantSlug, print: (line) => console.log(line) });
} catch (error) {
  console.error(`provisioning:check: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  closeProvisioningTargets();
  await handle.close();
}
