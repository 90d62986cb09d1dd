import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Loads src/env.ts in a fresh process with exactly `vars`, returning what it printed on failure. */
function loadEnv(vars: Record<string, string>) {
  try {
    execFileSync("npx", ["tsx", "-e", "import('./src/env.ts').catch(() => process.exit(1))"], { env: { NODE_ENV: "production", PATH: process.env.PATH!, HOME: process.env.HOME!, ...vars }, stdio: "pipe" });
    return { ok: true, output: "" };
  } catch (error) {
    return { ok: false, output: String((error as { stderr: Buffer }).stderr) };
  }
}

describe("environment validation", () => {
  it("refuses to start against a real database without secrets, naming them", () => {
    const result = loadEnv({ DATABASE_URL: "postgres://x:y@127.0.0.1:5432/db" });
    expect(result.ok).toBe(false);
    expect(result.output).toContain("AUTH_SECRET is required when DATABASE_URL is set");
    expect(result.output).toContain("DEVICE_KEY_ENCRYPTION_KEY");
  });

  it("rejects malformed values with a message a person can act on", () => {
    const result = loadEnv({ DATA_DIR: mkdtempSync(path.join(tmpdir(), "lr-env-")), STRIPE_SECRET_KEY: "pk_live_public_key" });
    expect(result.ok).toBe(false);
    expect(result.output).toContain("STRIPE_SECRET_KEY must be a Stripe secret key");
  });

  it("wants a base-map URL with the tile's {z}, {x} and {y} in it", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "lr-env-"));
    const result = loadEnv({ DATA_DIR: dataDir, MAP_STYLE_URL: "https://tiles.example.gov.uk/style.json" });
    expect(result.output).toContain("MAP_STYLE_URL must contain {z}, {x} and {y}");
    expect(loadEnv({ DATA_DIR: dataDir, MAP_STYLE_URL: "https://tiles.example.gov.uk/{z}/{x}/{y}.png" }).ok).toBe(true);
  });

  it("makes its own secrets in embedded mode", () => {
    expect(loadEnv({ DATA_DIR: mkdtempSync(path.join(tmpdir(), "lr-env-")) }).ok).toBe(true);
  });
});
