import { defineConfig } from "drizzle-kit";

// Only used to generate SQL migrations from the schema; no database connection is needed for that.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/server/db/schema/index.ts",
  out: "./drizzle",
});
