import { defineConfig } from "drizzle-kit";

// `npx drizzle-kit generate` (from packages/store) writes SQL migrations from the schema.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/sqlite/schema.ts",
  out: "./migrations/sqlite",
});
