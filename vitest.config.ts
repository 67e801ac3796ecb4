import { defineConfig } from "vitest/config";

// Tests import workspace packages through their "source" export condition, so no build is needed first.
const project = (name: string, root: string, globalSetup?: string[]) => ({
  extends: true as const,
  test: {
    name,
    root,
    include: ["src/**/*.test.ts", "tests/**/*.test.ts"],
    ...(globalSetup && { globalSetup }),
    // Workspace packages are symlinked into node_modules; inline them so their TypeScript sources
    // (the "source" condition) are used rather than a possibly stale dist/.
    server: { deps: { inline: [/@switchyard\//] } },
  },
});

export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"], externalConditions: ["source"] } },
  test: {
    projects: [
      project("definitions", "packages/definitions"),
      // The PostgreSQL dialect's tests share one throwaway cluster, started once per run.
      project("store", "packages/store", ["tests/pg-cluster.ts"]),
      project("runtime", "packages/runtime"),
      {
        // The engine's own tests again, on PostgreSQL (tests/test-store.ts picks the dialect).
        extends: true as const,
        test: {
          name: "runtime-pg",
          root: "packages/runtime",
          include: [
            "tests/engine.test.ts",
            "tests/breakers.test.ts",
            "tests/shadow-dry.test.ts",
            "tests/scenario-*.test.ts",
            "tests/templates/*.test.ts",
            "src/lifecycle/*.test.ts",
            "src/templates/*.test.ts",
            "src/shadow/report.test.ts",
          ],
          env: { SWITCHYARD_TEST_STORE: "pg" },
          globalSetup: ["../store/tests/pg-cluster.ts"],
          server: { deps: { inline: [/@switchyard\//] } },
        },
      },
      project("server", "apps/server"),
      project("cli", "apps/cli"),
      {
        extends: true as const,
        test: {
          name: "web",
          root: "apps/web",
          include: ["src/**/*.test.{ts,tsx}", "tests/**/*.test.ts"],
          globalSetup: ["tests/build-studio.ts"],
          // Browser tests share one Chromium per file and a real server; keep them sequential.
          fileParallelism: false,
          server: { deps: { inline: [/@switchyard\//] } },
        },
      },
    ],
  },
});
