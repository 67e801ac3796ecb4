import { describe, expect, it } from "vitest";
import { closest, editDistance, listNames } from "./suggest.js";
import { assignable, type CelType, CelTypes, comparable, formatCelType } from "./types.js";

const T = CelTypes;

describe("formatCelType", () => {
  it.each([
    [T.dyn, "dyn"],
    [T.timestamp, "timestamp"],
    [T.list(T.string), "list(string)"],
    [T.map(T.string, T.list(T.int)), "map(string, list(int))"],
    [T.object("lead", {}), "lead"],
  ])("formats %j as %s", (type, text) => {
    expect(formatCelType(type)).toBe(text);
  });
});

describe("CelTypes.object", () => {
  it("copies fields and options, defaulting to closed", () => {
    const fields: Record<string, CelType> = { a: T.int };
    const type = T.object("o", fields, { entity: "lead", path: ["x"] });
    fields.a = T.string;

    expect(type).toEqual({
      kind: "object",
      name: "o",
      fields: { a: T.int },
      open: false,
      entity: "lead",
      path: ["x"],
    });
  });
});

describe("type relations", () => {
  it("compares numbers across types, anything with null and dyn, and nothing else across kinds", () => {
    expect(comparable(T.int, T.double)).toBe(true);
    expect(comparable(T.string, T.null)).toBe(true);
    expect(comparable(T.dyn, T.list(T.int))).toBe(true);
    expect(comparable(T.list(T.int), T.list(T.double))).toBe(true);
    expect(comparable(T.string, T.int)).toBe(false);
    expect(comparable(T.timestamp, T.duration)).toBe(false);
  });

  it("never assigns an int where a double is needed: the runtime would not convert it", () => {
    expect(assignable(T.int, T.double)).toBe(false);
    expect(assignable(T.list(T.dyn), T.list(T.string))).toBe(true);
    expect(assignable(T.null, T.string)).toBe(true);
    expect(assignable(T.null, T.bool)).toBe(false);
  });
});

describe("suggestions", () => {
  it("counts insertions, deletions, substitutions and swaps as one edit", () => {
    expect(editDistance("gendr", "gender")).toBe(1);
    expect(editDistance("gnder", "gender")).toBe(1);
    expect(editDistance("gebder", "gender")).toBe(1);
    expect(editDistance("gneder", "gender")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("suggests only plausible typos, ignoring case", () => {
    expect(closest("Email", ["name", "email"])).toBe("email");
    expect(closest("xyz", ["name", "email"])).toBeUndefined();
  });

  it("lists at most the given number of names", () => {
    expect(listNames(["a", "b", "c"], 2)).toBe("a, b, …");
    expect(listNames([])).toBe("(none)");
  });
});
