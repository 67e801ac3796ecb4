import { defineConfig } from "vitest/config";

// Tests import workspace packages through their "source" export condition, so no build is needed first.
export default defineConfig({
  resolve: { conditions: ["source"] },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "definitions", root: "packages/definitions", include: ["src/**/*.test.ts"] },
      },
      {
        extends: true,
        test: { name: "cli", root: "apps/cli", include: ["src/**/*.test.ts", "tests/**/*.test.ts"] },
      },
    ],
  },
});
