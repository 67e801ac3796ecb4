import { describe, expect, it } from "vitest";
import { checkExpression } from "./check.js";
import lead from "./fixtures/lead.schema.json" with { type: "json" };
import { typeFromJsonSchema } from "./from-json-schema.js";
import type { CelScope } from "./issues.js";
import { CelTypes, formatCelType } from "./types.js";

const scope: CelScope = {
  variables: {
    record: typeFromJsonSchema(lead, { name: "lead", entity: "lead" }),
    now: CelTypes.timestamp,
    vars: CelTypes.map(CelTypes.string, CelTypes.dyn),
    event: CelTypes.object("event", { type: CelTypes.string, payload: CelTypes.dyn }),
  },
};
const condition = { expect: CelTypes.bool };

function only(source: string, options = {}) {
  const { issues } = checkExpression(source, scope, options);
  expect(issues).toHaveLength(1);
  const [issue] = issues;
  if (issue === undefined) throw new Error("unreachable");
  return { ...issue, text: source.slice(issue.offset, issue.offset + issue.length) };
}

describe("checkExpression: valid expressions", () => {
  it.each([
    ['record.name == "Acme" && record.age >= 18', "bool"],
    ["record.revenue > 1000", "bool"],
    ["record.age * 2", "int"],
    ["record.revenue * 1.5", "double"],
    ['record.name + " Ltd"', "string"],
    ["record.tags + ['new']", "list(string)"],
    ["record.address.city", "string"],
    ["record.custom.anything", "dyn"],
    ["vars.threshold", "dyn"],
    ["event.payload.deeply.nested", "dyn"],
    ['record.createdAt + duration("24h")', "timestamp"],
    ["now - record.createdAt", "duration"],
    ["record.phone == null", "bool"],
    ["{'a': 1, 'b': 2}", "map(string, int)"],
    ["[1, 'a']", "list(dyn)"],
    ["record.age > 5 ? 'adult' : null", "string"],
    ["true ? 1 : 'one'", "dyn"],
    ["type(record.name) == string", "bool"],
  ])("%s gives %s", (source, type) => {
    const result = checkExpression(source, scope);

    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
    expect(formatCelType(result.type)).toBe(type);
  });
});

describe("checkExpression: issues", () => {
  it("reports an unknown field at the field name, with a suggestion and the field list", () => {
    const issue = only('record.gendr == "female"');

    expect(issue).toMatchObject({ code: "cel/unknown-field", offset: 7, length: 5, text: "gendr" });
    expect(issue.message).toBe("'lead' has no field 'gendr'");
    expect(issue.hint).toBe(
      "Did you mean 'gender'? Fields: id, name, gender, phone, age, revenue, createdAt, tags, …",
    );
  });

  it("reports unknown nested fields with the nested object's name", () => {
    const issue = only("record.address.cty");

    expect(issue).toMatchObject({ code: "cel/unknown-field", offset: 15, text: "cty" });
    expect(issue.message).toBe("'lead.address' has no field 'cty'");
    expect(issue.hint).toBe("Did you mean 'city'? Fields: city, zip");
  });

  it("reports an unknown field inside has()", () => {
    expect(only("has(record.emial)")).toMatchObject({ code: "cel/unknown-field", offset: 11, text: "emial" });
  });

  it("does not treat Object.prototype members as fields", () => {
    expect(only("record.constructor")).toMatchObject({ code: "cel/unknown-field", offset: 7, length: 11 });
  });

  it("reports an unknown variable with the variables in scope", () => {
    const issue = only('recrod.name == "x"');

    expect(issue).toMatchObject({ code: "cel/unknown-variable", offset: 0, length: 6 });
    expect(issue.message).toBe("Unknown variable 'recrod'");
    expect(issue.hint).toBe("Did you mean 'record'? Available here: record, now, vars, event");
  });

  it("says when no variables are in scope at all", () => {
    const { issues } = checkExpression("x > 1", { variables: {} });

    expect(issues[0]?.hint).toBe("No variables are available in this expression");
  });

  it("reports a comparison between text and a number over the whole comparison", () => {
    const issue = only("record.name > 5");

    expect(issue).toMatchObject({ code: "cel/type", offset: 0, length: 15 });
    expect(issue.message).toBe("cannot compare string with int: record.name > 5");
    expect(issue.hint).toContain("put the number in quotes");
  });

  it("reports == between unrelated types", () => {
    const issue = only('record.createdAt == "2024-01-01"');

    expect(issue.message).toBe('cannot compare timestamp with string: record.createdAt == "2024-01-01"');
    expect(issue.hint).toBe('Turn the text into a timestamp: timestamp("2024-01-31T00:00:00Z")');
  });

  it("reports a non-boolean condition when a condition is expected", () => {
    const issue = only("record.name", condition);

    expect(issue).toMatchObject({ code: "cel/not-boolean", offset: 0, length: 11 });
    expect(issue.message).toBe("This condition gives a string, not true/false");
    expect(issue.hint).toContain('record.name != ""');
  });

  it("reports other expected types as cel/type", () => {
    const issue = only("record.age", { expect: CelTypes.string });

    expect(issue.code).toBe("cel/type");
    expect(issue.message).toBe("This expression gives an int, but a string is needed");
  });

  it("accepts dyn wherever a type is expected (gradual typing)", () => {
    expect(checkExpression("vars.flag", scope, condition).ok).toBe(true);
    expect(checkExpression("record.custom.x > 3 && vars.y + 1 == 2", scope, condition).ok).toBe(true);
  });

  it("reports && on a non-boolean at that operand", () => {
    const issue = only("record.age && true");

    expect(issue).toMatchObject({ code: "cel/type", offset: 0, length: 10 });
    expect(issue.message).toBe("&& needs true/false, but record.age is an int");
  });

  it("reports several independent issues, in source order", () => {
    const { issues, ok } = checkExpression("(record.name + 1) > 2 || record.gendr || nope", scope);

    expect(ok).toBe(false);
    expect(issues.map((i) => [i.code, i.offset])).toEqual([
      ["cel/type", 1],
      ["cel/unknown-field", 32],
      ["cel/unknown-variable", 41],
    ]);
  });

  it("does not cascade: an unknown field is reported where written, not in what uses it", () => {
    expect(checkExpression("record.nme.first.size() > 3 && record.nme.x == 'x'", scope).issues).toHaveLength(
      2,
    );
    expect(
      checkExpression("record.nme.first[0].lowerAscii() > 'x' && record.nme in [1]", scope).issues,
    ).toHaveLength(2);
  });

  it("reads fields on map(string, X) as X, and rejects fields on scalars", () => {
    expect(checkExpression("record.custom.a", scope).ok).toBe(true);
    const issue = only("record.name.first");

    expect(issue).toMatchObject({ code: "cel/type", offset: 12, length: 5 });
    expect(issue.message).toBe("record.name is a string and has no field 'first'");
  });

  it("lets open objects hold any field", () => {
    const open = { variables: { o: CelTypes.object("o", { a: CelTypes.int }, { open: true }) } };

    expect(checkExpression("o.b.c == 1", open).ok).toBe(true);
  });

  it("rejects typed object construction, which Switchyard data never needs", () => {
    expect(only("Lead{name: 'x'}").code).toBe("cel/type");
  });

  it("rejects map keys that CEL does not allow", () => {
    expect(only("{1.5: 'x'}")).toMatchObject({ code: "cel/type", offset: 1, length: 3 });
  });

  it("keeps offsets right after raw, triple-quoted and bracket-holding string literals", () => {
    for (const source of ["r'\\d+)' == record.nme", "'''a)\nb''' + record.nme", 'b"(\\"" != record.nme']) {
      expect(only(source)).toMatchObject({ offset: source.indexOf("nme"), text: "nme" });
    }
  });

  it("spans negative literals and typed-object names whole", () => {
    expect(only("record.revenue * -1")).toMatchObject({ text: "record.revenue * -1" });
    expect(only("Lead{name: 'x'}")).toMatchObject({ offset: 0, text: "Lead{name: 'x'}" });
  });

  it("wraps an unexpected internal failure into an issue instead of throwing", () => {
    const broken = {
      get variables(): Record<string, never> {
        throw new Error("boom");
      },
    };

    const result = checkExpression("x", broken);

    expect(result).toMatchObject({ ok: false, type: { kind: "dyn" }, reads: [] });
    expect(result.issues).toEqual([expect.objectContaining({ code: "cel/syntax", offset: 0, length: 1 })]);
  });

  it("treats records as maps for size() and 'in'", () => {
    expect(checkExpression("size(record) > 0 && 'name' in record && record.size() > 1", scope).ok).toBe(true);
  });

  it("offsets point into multi-line expressions with comments", () => {
    const source = "// leads from Paris\nrecord.address.city == 'Paris' &&\n  record.nme != ''";

    expect(only(source)).toMatchObject({
      code: "cel/unknown-field",
      text: "nme",
      offset: source.indexOf("nme"),
    });
  });
});
