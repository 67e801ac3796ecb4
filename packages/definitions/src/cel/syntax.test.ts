import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkExpression } from "./check.js";
import type { CelScope } from "./issues.js";
import { EXPRESSION_LIMITS } from "./syntax.js";
import { checkTemplate } from "./template.js";
import { CelTypes } from "./types.js";

const scope: CelScope = {
  variables: {
    record: CelTypes.object("lead", { name: CelTypes.string }, { entity: "lead" }),
    x: CelTypes.int,
  },
};

function syntaxIssue(source: string) {
  const { issues, ok } = checkExpression(source, scope);
  expect(ok).toBe(false);
  expect(issues).toHaveLength(1);
  expect(issues[0]?.code).toBe("cel/syntax");
  return issues[0];
}

describe("syntax errors", () => {
  it.each([
    ["record.name = 'x'", 12, 1, "Use == to compare values"],
    ["x > 1 and x < 5", 6, 3, "Use && instead of 'and'"],
    ["x > 1 OR x < 5", 6, 2, "Use || instead of 'OR'"],
    ["(x + 1", 0, 1, "'(' is never closed"],
    ["x + 1)", 5, 1, "')' has no matching opening bracket"],
    ["[1, 2)", 5, 1, "')' has no matching opening bracket"],
    ["record.name == 'Acme", 15, 5, "This text has no closing quote"],
    ["x +", 2, 1, "Something is missing after '+'"],
    ["x +* 2", 3, 1, "Unexpected '*' after '+'"],
    ["x 1", 2, 1, "Unexpected '1' here"],
    ["", 0, 0, "The expression is empty"],
    ["   ", 0, 3, "The expression is empty"],
  ])("%j → at %i+%i: %s", (source, offset, length, message) => {
    expect(syntaxIssue(source)).toMatchObject({ offset, length, message });
  });

  it("drops the parser's <input>:line:col prefix and grammar jargon", () => {
    const issue = syntaxIssue("x == ");

    expect(issue?.message).not.toMatch(/<input>|expecting/);
  });

  it("explains a missing value in plain words", () => {
    const issue = syntaxIssue("{'a': }");

    expect(issue).toMatchObject({ offset: 6, message: "Unexpected '}' here" });
    expect(issue?.hint).toMatch(/^A value is missing here/);
  });

  it("makes control characters visible in messages", () => {
    expect(syntaxIssue("\u0000")?.message).toBe("Unexpected '\\u0000' here");
  });
});

describe("limits and hostile input", () => {
  it("rejects expressions longer than the limit without parsing them", () => {
    const issue = syntaxIssue(`x == ${"1".repeat(EXPRESSION_LIMITS.maxLength)}`);

    expect(issue?.message).toMatch(/too long/);
  });

  it("rejects 50,000 nested brackets without overflowing the stack", () => {
    const deep = `${"(".repeat(50_000)}1${")".repeat(50_000)}`;

    expect(syntaxIssue(deep)?.message).toMatch(/too long/);
    expect(syntaxIssue(deep.slice(45_001, 54_999))?.message).toBe(
      "Brackets are nested more than 100 levels deep",
    );
  });

  it("accepts nesting up to the limit", () => {
    const source = `${"(".repeat(100)}x${")".repeat(100)} > 1`;

    expect(checkExpression(source, scope).ok).toBe(true);
  });

  it("rejects over-long operator chains that would recurse deeply", () => {
    const chain = Array.from({ length: 2000 }, () => "x").join(" + ");

    expect(syntaxIssue(chain)?.message).toMatch(/too complex/);
    expect(syntaxIssue(`x${".a".repeat(4000)}`)?.message).toMatch(/too complex/);
    const ternaries = `${Array.from({ length: 700 }, () => "x > 1 ? x").join(" : ")} : x`;
    expect(syntaxIssue(ternaries)?.message).toMatch(/too complex/);
  });

  it("reports at most 50 issues for one expression", () => {
    const many = Array.from({ length: 120 }, (_, i) => `nope${i}`).join(" && ");

    expect(checkExpression(many, scope).issues).toHaveLength(50);
  });

  it("stays fast on long but legal input", () => {
    const started = performance.now();
    checkExpression(Array.from({ length: 1500 }, () => "x > 1").join(" && "), scope);
    checkTemplate("{{ record.name }} ".repeat(5000), scope);

    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("never throws for random input", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 200 })),
        (source) => {
          const result = checkExpression(source, scope, { expect: CelTypes.bool });
          expect(result.ok).toBe(result.issues.length === 0);
          for (const issue of result.issues) {
            expect(issue.offset).toBeGreaterThanOrEqual(0);
            expect(issue.offset + issue.length).toBeLessThanOrEqual(source.length);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never throws for random CEL-like input", () => {
    const token = fc.constantFrom(
      ...["record", ".", "name", "x", "(", ")", "[", "]", "{", "}", ",", ":", "?", "+", "-", "*", "==", "&&"],
      ...[
        "!",
        "'a'",
        '"',
        "1",
        "2.5",
        "3u",
        "in",
        "has",
        "all",
        "map",
        "size",
        " ",
        "\n",
        "b'",
        "r'",
        "{{",
        "}}",
      ],
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        const source = tokens.join("");
        expect(() => checkExpression(source, scope)).not.toThrow();
        expect(() => checkTemplate(source, scope)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });
});
