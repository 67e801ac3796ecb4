import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The layering rule: definitions ← store, runtime ← apps. Packages depend only on packages below
// them, never on an app, and the pure definitions package on no database, server or UI library.
const root = path.resolve(import.meta.dirname, "../../..");
const manifests = ["packages", "apps"].flatMap((group) =>
  readdirSync(path.join(root, group)).map((name) => {
    const json = JSON.parse(readFileSync(path.join(root, group, name, "package.json"), "utf8"));
    return {
      group,
      name: json.name as string,
      deps: Object.keys({ ...json.dependencies, ...json.peerDependencies }),
    };
  }),
);
const LAYER: Record<string, number> = {
  "@switchyard/definitions": 0,
  "@switchyard/store": 1,
  "@switchyard/runtime": 2,
};

describe("architecture", () => {
  it("packages depend only on lower layers, and never on an app", () => {
    for (const m of manifests.filter((x) => x.group === "packages")) {
      for (const dep of m.deps.filter((d) => d.startsWith("@switchyard/"))) {
        expect(LAYER[dep], `${m.name} → ${dep}`).toBeLessThan(LAYER[m.name] ?? Number.POSITIVE_INFINITY);
      }
    }
  });

  it("the definitions package stays pure: no database, HTTP or UI libraries", () => {
    const definitions = manifests.find((m) => m.name === "@switchyard/definitions");
    const forbidden = /sqlite|drizzle|pg|express|react|quickjs|nodemailer/;
    expect(definitions?.deps.filter((d) => forbidden.test(d))).toEqual([]);
  });
});
