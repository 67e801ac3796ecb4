import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateSources } from "./validate.js";

// Whatever the bytes, validation returns diagnostics: it never throws, never hangs, and every
// diagnostic points at a real place in the file.
const fixtures = path.resolve(import.meta.dirname, "../../fixtures/context");
const seeds = readdirSync(fixtures).map((name) => readFileSync(path.join(fixtures, name), "utf8"));

function expectWellFormed(report: ReturnType<typeof validateSources>, text: string) {
  const lines = text.split("\n").length;
  for (const d of report.diagnostics.filter((x) => x.location?.file === "x.yaml")) {
    expect(d.message).toBeTruthy();
    expect(d.location?.line).toBeGreaterThanOrEqual(1);
    expect(d.location?.line).toBeLessThanOrEqual(lines + 1);
  }
}

const mutation = fc.oneof(
  fc.record({ op: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({
    op: fc.constant("insert" as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom(
        ":",
        "- ",
        "[",
        "{",
        "}",
        "'",
        '"',
        "\t",
        "\n",
        "&a ",
        "*a",
        "!!binary ",
        "? ",
        "---\n",
        "__proto__: 1\n",
        "  ",
        "{{",
        "record.",
        "@",
      ),
    ),
  }),
  fc.record({ op: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
);

type Mutation = { op: string; at?: number; length?: number; text?: string; a?: number; b?: number };

function mutate(text: string, m: Mutation): string {
  if (m.op === "delete") {
    const at = (m.at ?? 0) % (text.length + 1);
    return text.slice(0, at) + text.slice(at + (m.length ?? 1));
  }
  if (m.op === "insert") {
    const at = (m.at ?? 0) % (text.length + 1);
    return text.slice(0, at) + (m.text ?? "") + text.slice(at);
  }
  const lines = text.split("\n");
  const a = (m.a ?? 0) % lines.length;
  const b = (m.b ?? 0) % lines.length;
  [lines[a], lines[b]] = [lines[b] ?? "", lines[a] ?? ""];
  return lines.join("\n");
}

describe("validation under hostile input (property)", () => {
  it("survives random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const text = new TextDecoder().decode(bytes);
        expectWellFormed(validateSources([{ path: "x.yaml", text }]), text);
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  it("survives random mutations of valid definitions", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (seed, mutations) => {
          const text = mutations.reduce((t, m) => mutate(t, m), seed);
          const others = seeds.filter((s) => s !== seed).map((s, i) => ({ path: `ctx${i}.yaml`, text: s }));
          expectWellFormed(validateSources([{ path: "x.yaml", text }, ...others]), text);
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);
});
