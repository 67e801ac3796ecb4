import { describe, expect, it } from "vitest";
import { checkExpression } from "./check.js";
import type { CelScope } from "./issues.js";
import { CelTypes, formatCelType } from "./types.js";

const T = CelTypes;
const line = T.object("line", { sku: T.string, amount: T.double });
const scope: CelScope = {
  variables: {
    tags: T.list(T.string),
    lines: T.list(line),
    scores: T.map(T.string, T.int),
    name: T.string,
    anything: T.dyn,
  },
};

const typeOf = (source: string) => {
  const result = checkExpression(source, scope);
  return result.ok ? formatCelType(result.type) : result.issues.map((i) => i.message).join("; ");
};

describe("comprehension macros", () => {
  it.each([
    ["tags.all(t, t != '')", "bool"],
    ["tags.exists(t, t == 'vip')", "bool"],
    ["tags.exists_one(t, t.startsWith('a'))", "bool"],
    ["tags.filter(t, t.size() > 3)", "list(string)"],
    ["tags.map(t, t.size())", "list(int)"],
    ["tags.map(t, t != '', t.upperAscii())", "list(string)"],
    ["lines.exists(l, l.amount > 100.0)", "bool"],
    ["lines.map(l, l.amount)", "list(double)"],
    ["lines.filter(l, l.sku == 'x')", "list(line)"],
    ["scores.all(k, k != '' && scores[k] > 0)", "bool"],
    ["scores.map(k, scores[k])", "list(int)"],
    ["scores.filter(k, k.startsWith('a'))", "list(string)"],
    ["anything.exists(x, x.y == 1)", "bool"],
    ["[1, 2, 3].map(n, n * 2)", "list(int)"],
    ["lines.exists(l, tags.exists(t, t == l.sku))", "bool"],
    ["size(lines.filter(l, l.amount > 0.0).map(l, l.sku)) > 0", "bool"],
  ])("%s → %s", (source, expected) => {
    expect(typeOf(source)).toBe(expected);
  });

  it("types the loop variable from the list, so its fields are checked", () => {
    const [issue] = checkExpression("lines.exists(l, l.amont > 100.0)", scope).issues;

    expect(issue).toMatchObject({ code: "cel/unknown-field", offset: 18, length: 5 });
    expect(issue?.message).toBe("'line' has no field 'amont'");
    expect(issue?.hint).toMatch(/^Did you mean 'amount'\?/);
  });

  it("requires a condition, and points at it", () => {
    const [issue] = checkExpression("tags.all(t, t)", scope).issues;

    expect(issue).toMatchObject({ code: "cel/type", offset: 12, length: 1 });
    expect(issue?.message).toBe("The condition in all() must give true/false, but t is a string");
  });

  it("rejects looping over text", () => {
    const [issue] = checkExpression("name.exists(c, c == 'a')", scope).issues;

    expect(issue).toMatchObject({ code: "cel/type", offset: 0, length: 4 });
    expect(issue?.message).toBe("exists() works on lists and maps, but name is a string");
  });

  it("reports numeric mixing inside a transform", () => {
    expect(typeOf("lines.map(l, l.amount * 2)")).toBe("cannot multiply double by int: l.amount * 2");
  });

  it("keeps the loop variable local to the macro", () => {
    const [issue] = checkExpression("tags.exists(t, t == 'a') && t == 'b'", scope).issues;

    expect(issue).toMatchObject({ code: "cel/unknown-variable", offset: 28 });
  });

  it("lets the loop variable shadow a variable of the same name, then restores it", () => {
    expect(typeOf("tags.exists(name, name == 'a') && name.size() > 0")).toBe("bool");
    expect(typeOf("lines.exists(name, name.amount > 1.0) && name.size() > 0")).toBe("bool");
  });

  it("explains a macro written with the wrong arguments", () => {
    const [issue] = checkExpression("tags.all(1, true)", scope).issues;

    expect(issue?.code).toBe("cel/syntax");
    expect(issue?.hint).toBe("Write it like list.all(x, x > 0)");
    expect(checkExpression("has(name)", scope).issues[0]?.hint).toContain("has(record.email)");
    // The runtime has no two-variable forms; their loop variables must not be blamed as unknown.
    expect(checkExpression("scores.all(k, v, v > 1)", scope).issues.map((i) => i.code)).toEqual([
      "cel/syntax",
    ]);
  });
});
