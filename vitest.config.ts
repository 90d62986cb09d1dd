import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts"],
    hookTimeout: 60_000,
    testTimeout: 30_000,
    globalSetup: ["test/global-setup.ts"],
    // Fixed test secrets, so tests never depend on (or write) the embedded mode's generated ones.
    env: {
      AUTH_SECRET: "test-secret-that-is-at-least-32-characters-long",
      DEVICE_KEY_ENCRYPTION_KEY: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
    },
  },
});
