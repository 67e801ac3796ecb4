import { describe, expect, it } from "vitest";
import { checkExpression } from "./check.js";
import type { CelScope } from "./issues.js";
import { CelTypes, formatCelType } from "./types.js";

const T = CelTypes;
// The runtime passes integer-schema fields as bigint (int) and other numbers as double.
const scope: CelScope = {
  variables: {
    count: T.int,
    price: T.double,
    big: T.uint,
    name: T.string,
    tags: T.list(T.string),
    scores: T.map(T.string, T.int),
    byId: T.map(T.int, T.string),
    when: T.timestamp,
    wait: T.duration,
    flag: T.bool,
    anything: T.dyn,
  },
};

const typeOf = (source: string) => {
  const result = checkExpression(source, scope);
  return result.ok ? formatCelType(result.type) : result.issues.map((i) => i.message).join("; ");
};

describe("numbers: int and double compare but do not mix in arithmetic", () => {
  it.each([
    ["count > 5", "bool"],
    ["price > 5", "bool"],
    ["count < price", "bool"],
    ["big >= 1", "bool"],
    ["price == 1", "bool"],
    ["count + 1", "int"],
    ["price + 1.0", "double"],
    ["big + 1u", "uint"],
    ["count / 2", "int"],
    ["price / 2.0", "double"],
    ["count % 2", "int"],
    ["-price", "double"],
    ["double(count) * price", "double"],
    ["int(price) + count", "int"],
    // dyn + int can only succeed as int + int.
    ["anything + 1", "int"],
  ])("%s → %s", (source, expected) => {
    expect(typeOf(source)).toBe(expected);
  });

  it("suggests writing the int literal as a double", () => {
    const [issue] = checkExpression("price * 100", scope).issues;

    expect(issue).toMatchObject({ code: "cel/type", offset: 0, length: 11 });
    expect(issue?.message).toBe("cannot multiply double by int: price * 100");
    expect(issue?.hint).toBe(
      "Whole numbers (int) and decimals (double) don't mix in arithmetic. Write 100.0 instead of 100, or convert with double(...)",
    );
  });

  it("suggests a conversion when neither side is a literal", () => {
    const [issue] = checkExpression("count + price", scope).issues;

    expect(issue?.message).toBe("cannot add int and double: count + price");
    expect(issue?.hint).toContain("double(count), or int(price)");
  });

  it("explains uint mixing", () => {
    expect(checkExpression("big + 1", scope).issues[0]?.hint).toContain("u suffix");
  });

  it("rejects % on doubles", () => {
    expect(typeOf("price % 2.0")).toBe("cannot take the remainder of double divided by double: price % 2.0");
  });
});

describe("other arithmetic", () => {
  it.each([
    ['name + "!"', "string"],
    ["tags + ['x']", "list(string)"],
    ["when + wait", "timestamp"],
    ["wait + when", "timestamp"],
    ["when - wait", "timestamp"],
    ["when - when", "duration"],
    ["wait + wait", "duration"],
    ["b'a' + b'b'", "bytes"],
  ])("%s → %s", (source, expected) => {
    expect(typeOf(source)).toBe(expected);
  });

  it("explains joining text and numbers", () => {
    const [issue] = checkExpression('"Total: " + price', scope).issues;

    expect(issue?.message).toBe('cannot add string and double: "Total: " + price');
    expect(issue?.hint).toBe(
      'To join text and a number, turn the number into text: "Total: " + string(price)',
    );
  });

  it("explains timestamp arithmetic", () => {
    expect(checkExpression("when + 1", scope).issues[0]?.hint).toContain('duration("72h")');
  });

  it("rejects negating text", () => {
    expect(typeOf("-name")).toBe("cannot negate string: -name");
  });
});

describe("equality, in, index and logic", () => {
  it.each([
    ["name == 'x'", "bool"],
    ["count != 2.5", "bool"],
    ["name == null", "bool"],
    ["tags == ['a']", "bool"],
    ["'a' in tags", "bool"],
    ["'a' in scores", "bool"],
    ["1 in byId", "bool"],
    ["anything in tags", "bool"],
    ["tags[0]", "string"],
    ["tags[count]", "string"],
    ["scores['x']", "int"],
    ["byId[1]", "string"],
    ["anything[0].x", "dyn"],
    ["flag && !flag || anything", "bool"],
    ["flag ? 1 : 2", "int"],
  ])("%s → %s", (source, expected) => {
    expect(typeOf(source)).toBe(expected);
  });

  it.each([
    ["name == 1", "cannot compare string with int: name == 1"],
    ["tags == [1]", "cannot compare list(string) with list(int): tags == [1]"],
    ["1 in tags", "cannot look for an int in a list(string): 1 in tags"],
    ["'x' in byId", "cannot look for a string in a map(int, string): 'x' in byId"],
    ["'x' in name", "'in' needs a list or a map on the right, but name is a string"],
    ["tags['x']", "A list position must be a whole number (int), not a string: tags['x']"],
    ["byId['x']", "The keys of byId are int, not string: byId['x']"],
    ["name[0]", "cannot index a string: name[0]"],
    ["!name", "! needs true/false, but name is a string"],
    ["count ? 1 : 2", "The condition before ? must be true/false, but count is an int"],
  ])("%s is an error: %s", (source, message) => {
    expect(typeOf(source)).toBe(message);
  });

  it("suggests contains() for 'in' on text", () => {
    expect(checkExpression("'x' in name", scope).issues[0]?.hint).toBe(
      "To search inside text, use contains: name.contains('x')",
    );
  });

  it("points at the index for a bad list position", () => {
    expect(checkExpression("tags['x']", scope).issues[0]).toMatchObject({ offset: 5, length: 3 });
  });
});
