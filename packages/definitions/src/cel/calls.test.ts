import { describe, expect, it } from "vitest";
import { checkExpression } from "./check.js";
import type { CelScope } from "./issues.js";
import { CelTypes, formatCelType } from "./types.js";

const T = CelTypes;
const scope: CelScope = {
  variables: {
    name: T.string,
    count: T.int,
    price: T.double,
    tags: T.list(T.string),
    scores: T.map(T.string, T.int),
    when: T.timestamp,
    wait: T.duration,
    now: T.timestamp,
    anything: T.dyn,
  },
};

const typeOf = (source: string) => {
  const result = checkExpression(source, scope);
  return result.ok ? formatCelType(result.type) : result.issues.map((i) => i.message).join("; ");
};

describe("standard and string functions", () => {
  it.each([
    ["size(name)", "int"],
    ["name.size()", "int"],
    ["size(tags)", "int"],
    ["tags.size()", "int"],
    ["size(scores)", "int"],
    ["name.contains('a')", "bool"],
    ["name.startsWith('a')", "bool"],
    ["name.endsWith('a')", "bool"],
    ["name.matches('^A.*')", "bool"],
    ["name.lowerAscii()", "string"],
    ["name.upperAscii()", "string"],
    ["name.trim()", "string"],
    ["name.split(' ')", "list(string)"],
    ["name.split(' ', 2)", "list(string)"],
    ["tags.join(', ')", "string"],
    ["tags.join()", "string"],
    ["name.indexOf('a')", "int"],
    ["name.replace('a', 'b')", "string"],
    ["name.substring(1)", "string"],
    ["name.substring(1, 3)", "string"],
    ["name.charAt(0)", "string"],
    ["strings.quote(name)", "string"],
    ["anything.size()", "int"],
    ["anything.contains('x')", "bool"],
  ])("%s → %s", (source, expected) => {
    expect(typeOf(source)).toBe(expected);
  });
});

describe("conversions and time", () => {
  it.each([
    ["int('42')", "int"],
    ["int(price)", "int"],
    ["uint(count)", "uint"],
    ["double(count)", "double"],
    ["string(price)", "string"],
    ["bool('true')", "bool"],
    ["bytes(name)", "bytes"],
    ["timestamp('2024-01-01T00:00:00Z')", "timestamp"],
    ["duration('1h')", "duration"],
    ["dyn(count) + 1.5", "double"],
    ["when.getFullYear()", "int"],
    ["when.getMonth('Europe/Paris')", "int"],
    ["when.getDayOfWeek()", "int"],
    ["when.getHours()", "int"],
    ["wait.getMinutes()", "int"],
    ["now - when > duration('24h')", "bool"],
  ])("%s → %s", (source, expected) => {
    expect(typeOf(source)).toBe(expected);
  });
});

describe("function issues", () => {
  it("reports an unknown method at its name, suggesting the CEL spelling", () => {
    const [issue] = checkExpression("name.toUpperCase() == 'X'", scope).issues;

    expect(issue).toMatchObject({ code: "cel/unknown-function", offset: 5, length: 11 });
    expect(issue?.message).toBe("Unknown function 'toUpperCase'");
    expect(issue?.hint).toMatch(/^Did you mean 'upperAscii'\? Functions on string: charAt, contains, /);
  });

  it("suggests close spellings of global functions", () => {
    const [issue] = checkExpression("sise(tags)", scope).issues;

    expect(issue).toMatchObject({ code: "cel/unknown-function", offset: 0, length: 4 });
    expect(issue?.hint).toMatch(/^Did you mean 'size'\?/);
  });

  it("reports namespaced functions the runtime lacks by their full name", () => {
    const [issue] = checkExpression("math.greatest(1, 2)", scope).issues;

    expect(issue).toMatchObject({ code: "cel/unknown-function", offset: 0, length: 13 });
  });

  it("explains that a variable is not a function", () => {
    expect(checkExpression("now() > when", scope).issues[0]?.hint).toBe(
      "'now' is a value, not a function: write now without ( )",
    );
  });

  it("reports a method called on the wrong type", () => {
    const [issue] = checkExpression("count.contains('1')", scope).issues;

    expect(issue).toMatchObject({ code: "cel/type", offset: 0, length: 19 });
    expect(issue?.message).toBe("'contains' can't be used on an int: count.contains('1')");
    expect(issue?.hint).toBe("Use it as: string.contains(string) → bool");
  });

  it("reports wrong argument types and counts", () => {
    expect(typeOf("name.contains(1)")).toBe("'contains' can't take (int): name.contains(1)");
    expect(typeOf("name.contains('a', 'b')")).toBe(
      "'contains' does not take 2 arguments: name.contains('a', 'b')",
    );
    expect(typeOf("int(tags)")).toBe("'int' can't take (list(string)): int(tags)");
  });

  it("shows how to write a method called like a global function, and the reverse", () => {
    expect(typeOf("contains(name, 'a')")).toBe("'contains' is written after a value: name.contains('a')");
    expect(typeOf("name.int()")).toBe("'int' is written around the value: int(name)");
  });
});
