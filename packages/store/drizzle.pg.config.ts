import { defineConfig } from "drizzle-kit";

// `npx drizzle-kit generate --config drizzle.pg.config.ts` (from packages/store) writes the
// PostgreSQL migrations from the pg schema; drizzle.config.ts does the same for SQLite.
export default defineConfig({
  dialect: "postgresql",
  schema: ["./src/pg/schema.ts", "./src/pg/auth-schema.ts", "./src/pg/governance-schema.ts"],
  out: "./migrations/pg",
});
