import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DIAGNOSTIC_CODES } from "./codes.js";

// The error catalogue in docs/definitions.md documents every code, and nothing else.
const docs = readFileSync(path.resolve(import.meta.dirname, "../../../../docs/definitions.md"), "utf8");
const documented = [...docs.matchAll(/^### ([a-z]+\/[a-z0-9-]+)$/gm)].map((m) => m[1]);

describe("error catalogue", () => {
  it.each(Object.keys(DIAGNOSTIC_CODES))("documents %s", (code) => {
    expect(documented).toContain(code);
  });

  it("documents no code that does not exist", () => {
    expect(documented.filter((c) => c === undefined || !(c in DIAGNOSTIC_CODES))).toEqual([]);
  });
});
