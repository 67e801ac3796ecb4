import { defineConfig } from "drizzle-kit";

// `npx drizzle-kit generate` (from packages/store) writes SQL migrations from the schema.
export default defineConfig({
  dialect: "sqlite",
  schema: ["./src/sqlite/schema.ts", "./src/sqlite/auth-schema.ts", "./src/sqlite/governance-schema.ts"],
  out: "./migrations/sqlite",
});
