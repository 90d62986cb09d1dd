import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

/**
 * postgres.js 3.4.9 throws an uncatchable TypeError (and so ends the process) when a write scheduled
 * for a connection runs after that connection closed, as happens when PostgreSQL restarts under load
 * (porsager/postgres#1208); patches/postgres+3.4.9.patch, applied by `npm install` (postinstall:
 * patch-package), makes it fail the waiting queries instead. The fault suite shows the effect; this
 * says at once when the patch is missing (an install with --ignore-scripts, a new postgres version).
 */
it("runs on postgres.js with the closed-connection write patch applied (both module builds)", () => {
  // The package's "exports" hide its files: find it from its entry point (…/postgres/src/index.js).
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.resolve("postgres"))), "..");
  const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
  expect(version, "the patch is for 3.4.9: check porsager/postgres#1208 before moving on").toBe("3.4.9");
  for (const build of ["src", "cjs/src"]) {
    const source = readFileSync(path.join(root, build, "connection.js"), "utf8");
    expect(source, `${build}/connection.js`).toMatch(/function nextWrite\(fn\) \{\n\s+\/\/ Longreach patch[^]*?if \(!socket\) \{/);
  }
});
