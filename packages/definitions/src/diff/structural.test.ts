import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffValues } from "./structural.js";

describe("diffValues", () => {
  it("finds no change between a value and itself", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(diffValues(value, structuredClone(value))).toEqual([]);
      }),
    );
  });

  it("finds a change whenever two values differ", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(diffValues(a, b).length).toBeGreaterThan(0);
      }),
    );
  });

  it("compares objects key by key, naming each field", () => {
    const changes = diffValues({ a: 1, b: { c: "x" }, d: true }, { a: 2, b: { c: "x", e: 3 } });
    expect(changes).toEqual([
      { path: ["a"], label: "a", kind: "changed", before: 1, after: 2 },
      { path: ["b", "e"], label: "b.e", kind: "added", after: 3 },
      { path: ["d"], label: "d", kind: "removed", before: true },
    ]);
  });

  it("matches elements with ids by id, so a reordering is one move", () => {
    const before = { rules: [{ id: "a" }, { id: "b", weight: 1 }, { id: "c" }, { id: "d" }] };
    const after = { rules: [{ id: "b", weight: 2 }, { id: "c" }, { id: "a" }, { id: "d" }] };
    expect(diffValues(before, after)).toEqual([
      { path: ["rules", "b", "weight"], label: "rules[b].weight", kind: "changed", before: 1, after: 2 },
      { path: ["rules", "a"], label: "rules[a]", kind: "moved", before: 0, after: 2 },
    ]);
  });

  it("compares arrays without ids by index", () => {
    expect(diffValues({ tags: ["x", "y"] }, { tags: ["x", "z", "w"] })).toEqual([
      { path: ["tags", 1], label: "tags[1]", kind: "changed", before: "y", after: "z" },
      { path: ["tags", 2], label: "tags[2]", kind: "added", after: "w" },
    ]);
  });

  it("ignores the layout of steps unless asked for it", () => {
    const before = { steps: [{ id: "a", layout: { x: 0, y: 0 } }] };
    const after = { steps: [{ id: "a", layout: { x: 10, y: 0 } }] };
    expect(diffValues(before, after)).toEqual([]);
    expect(diffValues(before, after, { layout: true })).toEqual([
      {
        path: ["steps", "a", "layout", "x"],
        label: "steps[a].layout.x",
        kind: "changed",
        before: 0,
        after: 10,
      },
    ]);
  });
});
