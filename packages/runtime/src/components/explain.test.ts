import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pathsIn } from "./explain.js";

describe("pathsIn", () => {
  it("finds the dotted paths an expression reads", () => {
    expect(pathsIn("steps.saved.output.record.budget >= 500000.0 && record.region == 'east'")).toEqual([
      "steps.saved.output.record.budget",
      "record.region",
    ]);
  });

  it("reads the receiver of a method call, not the method", () => {
    expect(pathsIn("record.name.startsWith('A') && size(record.tags) > 0")).toEqual([
      "record.name",
      "record.tags",
    ]);
  });

  it("ignores text inside quotes and numbers", () => {
    expect(pathsIn(`record.note == "see record.secret" && 'a.b' != record.x && 1.5 > 0.5`)).toEqual([
      "record.note",
      "record.x",
    ]);
    expect(pathsIn(`'it\\'s record.y' == record.z`)).toEqual(["record.z"]);
  });

  it("only returns paths that occur in the source (property)", () => {
    fc.assert(
      fc.property(fc.string(), (source) => {
        for (const path of pathsIn(source)) {
          expect(path).toMatch(/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/);
          expect(source.replace(/\s+/g, "")).toContain(path);
        }
      }),
    );
  });
});
