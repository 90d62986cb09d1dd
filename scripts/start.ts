/**
 * `npm start`: everything needed to run Longreach, in order — build if the sources changed, migrate,
 * seed the demo (always in embedded mode; with SEED_DEMO=true on a real database), then serve.
 * With no DATABASE_URL it runs on the embedded PGlite database in DATA_DIR (default .data/).
 * In embedded mode the server posts simulated sensor traffic to itself once it is up (SIMULATOR=off turns
 * that off, SIMULATOR=on turns it on with a real database; SIMULATOR_INTERVAL_MS sets the average pause
 * between events, default 1500). It runs in the server's process, where the database is open (embedded,
 * no other process can open it), so the simulated bins follow the waste team's "collected" marks.
 */
import { loadOrCreateEmbeddedSecrets } from "../src/server/embedded-secrets";
import { DEMO_PASSWORD, DEMO_STAFF, DEMO_TENANTS } from "../src/server/demo/demo-accounts";
import { buildIsCurrent } from "./lib/build-is-current";
import { ChildFailed, ChildProcesses, stopWithParent } from "./lib/child-processes";

const port = Number(process.env.PORT || 3000);
const embedded = !process.env.DATABASE_URL;
const origin = process.env.APP_URL || `http://localhost:${port}`;
const env: NodeJS.ProcessEnv = { ...process.env, APP_URL: origin, AUTH_URL: process.env.AUTH_URL || origin, NODE_ENV: "production" };

if (embedded) {
  const secrets = loadOrCreateEmbeddedSecrets(process.env.DATA_DIR || ".data");
  env.AUTH_SECRET ||= secrets.authSecret;
  env.DEVICE_KEY_ENCRYPTION_KEY ||= secrets.deviceKeyEncryptionKey;
}

// Every step runs as a child in its own process group, and all of them stop with this process: on
// Ctrl-C or SIGTERM nothing is left holding the port (scripts/lib/child-processes.ts).
const children = new ChildProcesses();
const stop = stopWithParent(children);

async function run(command: string, args: string[]) {
  try {
    await children.run(command, args, { env });
  } catch (error) {
    if (stop.stopping) return new Promise<never>(() => {}); // stopWithParent exits once the children are gone
    console.error(`\n  ${(error as Error).message}; not starting.`);
    process.exit(error instanceof ChildFailed ? (error.code ?? 1) : 1);
  }
}

if (process.env.SKIP_BUILD !== "true" && !buildIsCurrent()) {
  console.log("Building the app (first start, or the sources changed)…");
  await run("npx", ["next", "build"]);
}
await run("npx", ["tsx", "scripts/migrate.ts"]);
const seeding = embedded || process.env.SEED_DEMO === "true";
if (seeding) await run("npx", ["tsx", "scripts/seed.ts"]);

const simulate = process.env.SIMULATOR === "on" || (embedded && process.env.SIMULATOR !== "off");
const intervalMs = Number(process.env.SIMULATOR_INTERVAL_MS || 1500);
if (simulate && !(intervalMs >= 1)) {
  console.error(`\n  SIMULATOR_INTERVAL_MS must be a number of milliseconds (at least 1), got '${process.env.SIMULATOR_INTERVAL_MS}'; not starting.`);
  process.exit(1);
}
const server = children.spawn("npx", ["next", "start", "-p", String(port)], { env: { ...env, PORT: String(port), SIMULATOR: simulate ? "on" : "off" } });
// The server stopping by itself (a crash, a port in use) ends the whole start.
server.on("exit", (code) => {
  if (stop.stopping) return;
  void children.stopAll("SIGTERM").then(() => process.exit(code ?? 1));
});

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
  if (simulate) {
    console.log(`  Simulated traffic: the demo sensors report through the demo ChirpStack connection, about one event`);
    console.log(`  every ${(intervalMs / 1000).toFixed(1)} s, with a summary each minute (SIMULATOR=off turns it off).\n`);
  }
}
