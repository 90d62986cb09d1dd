import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

/**
 * The real `npm start` (scripts/start.ts, on the production build the browser tests use) stops with
 * everything it started: after SIGTERM or Ctrl-C (SIGINT) the Next.js server is gone and the port can be
 * bound again. Runs beside the browser tests' own server, on the next port, against the same database
 * (or, embedded, a database of its own).
 */
const port = Number(process.env.E2E_PORT || 3200) + 1;

function bindable(): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer().once("error", () => resolve(false)).listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

function listening(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function startApp(): Promise<ChildProcess> {
  // node itself runs start.ts (not npx), so the signal reaches start.ts as it would from a terminal or systemd.
  const app = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      APP_URL: `http://localhost:${port}`,
      AUTH_URL: `http://localhost:${port}`,
      SKIP_BUILD: "true",
      SIMULATOR: "off",
      ...(process.env.DATABASE_URL ? { SEED_DEMO: "false" } : { DATA_DIR: mkdtempSync(path.join(tmpdir(), "longreach-start-")) }),
      AUTH_SECRET: "e2e-secret-that-is-at-least-32-characters-long",
      DEVICE_KEY_ENCRYPTION_KEY: "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100",
    },
    stdio: "ignore",
  });
  for (let i = 0; i < 600 && !(await listening()); i++) {
    if (app.exitCode !== null) throw new Error(`npm start exited early with ${app.exitCode}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(await listening()).toBe(true);
  // The server answers, not only listens.
  for (let i = 0; i < 120; i++) {
    const ok = await fetch(`http://localhost:${port}/sign-in`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return app;
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  test(`npm start stopped with ${signal} leaves nothing holding its port`, async () => {
    test.setTimeout(180_000);
    expect(await bindable()).toBe(true);
    const app = await startApp();
    const exited = new Promise<number | null>((resolve) => app.once("exit", (code) => resolve(code)));
    app.kill(signal);
    expect(await exited).toBe(0);
    expect(await listening()).toBe(false);
    expect(await bindable()).toBe(true);
  });
}
