import { defineConfig } from "vitest/config";

// Tests import workspace packages through their "source" export condition, so no build is needed first.
const project = (name: string, root: string) => ({
  extends: true as const,
  test: {
    name,
    root,
    include: ["src/**/*.test.ts", "tests/**/*.test.ts"],
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
      project("store", "packages/store"),
      project("runtime", "packages/runtime"),
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
