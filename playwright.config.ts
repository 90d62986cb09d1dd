import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT || 3200);
// localhost, not 127.0.0.1: Next rewrites the host to localhost and Auth.js's CSRF cookie must match.
const baseURL = `http://localhost:${port}`;
// Embedded mode gets a fresh database per run; with DATABASE_URL the server uses that PostgreSQL.
const dataDir = process.env.DATABASE_URL ? ".data" : mkdtempSync(path.join(tmpdir(), "longreach-e2e-"));

export default defineConfig({
  testDir: "e2e",
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["json", { outputFile: "test-results/e2e.json" }]] : [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          // Debian's Chromium; `||` so an empty CHROMIUM_PATH still falls back to it.
          executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage"],
        },
      },
    },
  ],
  webServer: {
    command: "npx tsx scripts/start.ts",
    url: `${baseURL}/sign-in`,
    reuseExistingServer: !process.env.CI,
    timeout: 240_000,
    // Stopped as a person or a service manager stops it, so it takes every process it started with it
    // (the default SIGKILL would leave those, which run in process groups of their own).
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    stdout: "pipe",
    env: {
      PORT: String(port),
      APP_URL: baseURL,
      AUTH_URL: baseURL,
      DATA_DIR: dataDir,
      SEED_DEMO: "true",
      // The specs send their own traffic; the demo simulator would only add noise.
      SIMULATOR: "off",
      // The billing spec replays traffic of the month before the demo's 60-day history (up to ~93 days
      // back, the 10th of a month three months ago), as a network server catching up on a backlog
      // would; the default 24 h would (rightly) bill it to this month instead, and so did 1500 h late in a month.
      CLOCK_SKEW_MAX_LATE_HOURS: "2500",
      SKIP_BUILD: "true",
      // The forwarding spec's receiver listens on 127.0.0.1 over plain HTTP, and should not wait long.
      FORWARDING_ALLOW_PRIVATE_NETWORKS: "true",
      FORWARDING_ALLOW_HTTP: "true",
      FORWARDING_INTERVAL_MS: "500",
      AUTH_SECRET: "e2e-secret-that-is-at-least-32-characters-long",
      DEVICE_KEY_ENCRYPTION_KEY: "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100",
    },
  },
});
