/**
 * `npm test`: every check, in the order that fails fastest — typecheck, unit and integration tests
 * (vitest), then the browser tests (Playwright in Debian's Chromium against a production build).
 * Ends with one line, "N passed, N failed", counting every test case.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { buildIsCurrent } from "./lib/build-is-current";

const results = { passed: 0, failed: 0 };
let healthy = true;

function step(title: string, command: string, args: string[], env: Record<string, string> = {}) {
  console.log(`\n━━ ${title} ━━`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  console.log(`━━ ${title}: ${result.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) healthy = false;
  return result.status === 0;
}

function readJson<T>(file: string): T | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : null;
}

rmSync("test-results", { recursive: true, force: true });
mkdirSync("test-results", { recursive: true });

if (step("Typecheck", "npx", ["tsc", "--noEmit", "-p", "."])) results.passed++;
else results.failed++;

step("Unit and integration tests (vitest)", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/unit.json"]);
const unit = readJson<{ numPassedTests: number; numFailedTests: number; numTotalTestSuites: number; numFailedTestSuites: number }>("test-results/unit.json");
if (unit) {
  results.passed += unit.numPassedTests;
  results.failed += unit.numFailedTests + (unit.numFailedTests === 0 && unit.numFailedTestSuites > 0 ? unit.numFailedTestSuites : 0);
} else results.failed++;

const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(`\nChromium was not found at ${chromium}, so the browser tests cannot run.\n` +
    "Install Debian's Chromium (sudo apt-get install chromium) or point CHROMIUM_PATH at a Chromium or Chrome binary.");
  results.failed++;
  healthy = false;
} else {
  const built = buildIsCurrent() || step("Production build for the browser tests", "npx", ["next", "build"]);
  if (built) {
    // CI gives the browser tests a database of their own, so the unit tests' many tenants don't crowd their pages.
    const e2eDatabase: Record<string, string> = process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {};
    step("Browser tests (Playwright)", "npx", ["playwright", "test"], e2eDatabase);
    const e2e = readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>("test-results/e2e.json");
    if (e2e) {
      results.passed += e2e.stats.expected + e2e.stats.flaky;
      results.failed += e2e.stats.unexpected;
    } else results.failed++;
  } else results.failed++;
}

console.log(`\n${results.passed} passed, ${results.failed} failed`);
process.exit(healthy && results.failed === 0 ? 0 : 1);
