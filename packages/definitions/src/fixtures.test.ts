import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validateSources } from "./project/index.js";

// Each file in fixtures/invalid shows one mistake and declares, in `# expect: CODE LINE:COL`
// comments, exactly the diagnostics it must produce: no more, no fewer, at those places.
const root = path.resolve(import.meta.dirname, "../fixtures");
const read = (folder: string) =>
  readdirSync(path.join(root, folder))
    .sort()
    .map((name) => ({
      path: `${folder}/${name}`,
      text: readFileSync(path.join(root, folder, name), "utf8"),
    }));
const context = read("context");

describe("context fixtures", () => {
  it("are valid together", () => {
    const report = validateSources(context);
    expect(report.diagnostics).toEqual([]);
  });
});

describe.each(read("invalid"))("$path", (fixture) => {
  it("reports exactly the expected diagnostics", () => {
    const expected = [...fixture.text.matchAll(/^# expect: (\S+)(?: (\d+):(\d+))?$/gm)].map((m) => ({
      code: m[1],
      at: m[2] ? `${m[2]}:${m[3]}` : undefined,
    }));
    expect(expected.length).toBeGreaterThan(0);
    const report = validateSources([fixture, ...context]);
    const own = report.diagnostics.filter((d) => d.location?.file === fixture.path);
    const others = report.diagnostics.filter(
      (d) => d.location?.file !== fixture.path && d.code !== "ref/duplicate-definition",
    );
    expect(others).toEqual([]);
    const actual = own.map((d) => ({ code: d.code, at: `${d.location?.line}:${d.location?.column}` }));
    const comparable = actual.map((a, i) => ({
      code: a.code,
      at: expected[i]?.at === undefined ? undefined : a.at,
    }));
    expect(comparable.map((a) => a.code).sort()).toEqual(expected.map((e) => e.code).sort());
    for (const e of expected.filter((x) => x.at)) expect(actual).toContainEqual(e);
    for (const d of own) {
      expect(d.message.length).toBeGreaterThan(10);
      expect(d.hint.length, `${d.code} has a hint`).toBeGreaterThan(5);
    }
  });
});
