import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Tests that make a network server managed (provisioning) run after all others, one file at a time:
 * only one connection can be managed, and while one is, the database queues provisioning jobs for every
 * change, so with a shared PostgreSQL test database they must not overlap with other files.
 */
const MANAGED = ["src/server/provisioning/__tests__/**/*.test.ts"];

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  test: {
    environment: "node",
    hookTimeout: 60_000,
    testTimeout: 30_000,
    globalSetup: ["test/global-setup.ts"],
    // Fixed test secrets, so tests never depend on (or write) the embedded mode's generated ones.
    env: {
      AUTH_SECRET: "test-secret-that-is-at-least-32-characters-long",
      DEVICE_KEY_ENCRYPTION_KEY: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
    },
    projects: [
      {
        extends: true,
        test: { name: "main", include: ["src/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts"], exclude: MANAGED, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: "managed", include: MANAGED, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
