/**
 * `npm start`: everything needed to run Longreach, in order — build if the sources changed, migrate,
 * seed the demo (always in embedded mode; with SEED_DEMO=true on a real database), then serve.
 * With no DATABASE_URL it runs on the embedded PGlite database in DATA_DIR (default .data/).
 */
import { spawn, spawnSync } from "node:child_process";
import { loadOrCreateEmbeddedSecrets } from "../src/server/embedded-secrets";
import { DEMO_PASSWORD, DEMO_STAFF, DEMO_TENANTS } from "../src/server/demo/demo-accounts";
import { buildIsCurrent } from "./lib/build-is-current";

const port = Number(process.env.PORT || 3000);
const embedded = !process.env.DATABASE_URL;
const origin = process.env.APP_URL || `http://localhost:${port}`;
const env: NodeJS.ProcessEnv = { ...process.env, APP_URL: origin, AUTH_URL: process.env.AUTH_URL || origin, NODE_ENV: "production" };

if (embedded) {
  const secrets = loadOrCreateEmbeddedSecrets(process.env.DATA_DIR || ".data");
  env.AUTH_SECRET ||= secrets.authSecret;
  env.DEVICE_KEY_ENCRYPTION_KEY ||= secrets.deviceKeyEncryptionKey;
}

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (process.env.SKIP_BUILD !== "true" && !buildIsCurrent()) {
  console.log("Building the app (first start, or the sources changed)…");
  run("npx", ["next", "build"]);
}
run("npx", ["tsx", "scripts/migrate.ts"]);
const seeding = embedded || process.env.SEED_DEMO === "true";
if (seeding) run("npx", ["tsx", "scripts/seed.ts"]);

const server = spawn("npx", ["next", "start", "-p", String(port)], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));

if (seeding) void announceWhenReady();

async function announceWhenReady() {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      await fetch(`http://localhost:${port}/sign-in`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  const accounts = [...DEMO_STAFF.map((s) => [s.email, s.description]), ...DEMO_TENANTS.map((t) => [t.owner.email, `owner of ${t.name}`])];
  console.log(`\n  Longreach is running at ${origin}${embedded ? " (embedded database in " + (process.env.DATA_DIR || ".data") + "/)" : ""}\n`);
  console.log(`  Demo accounts (password: ${DEMO_PASSWORD}):`);
  for (const [email, what] of accounts) console.log(`    ${email!.padEnd(28)} ${what}`);
  console.log("");
}
