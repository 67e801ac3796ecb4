import { describe, expect, it } from "vitest";
import type { CelScope } from "./issues.js";
import { checkTemplate } from "./template.js";
import { CelTypes, formatCelType } from "./types.js";

const scope: CelScope = {
  variables: {
    record: CelTypes.object("lead", { name: CelTypes.string, revenue: CelTypes.double }, { entity: "lead" }),
  },
};

describe("checkTemplate", () => {
  it("accepts text without any {{ }}", () => {
    const result = checkTemplate("Hello, no expressions here. Just {braces} and }} strays.", scope);

    expect(result).toEqual({ ok: true, type: CelTypes.string, issues: [], reads: [] });
  });

  it("checks each part and reports offsets in the whole template", () => {
    const source = "Dear {{ record.name }}, your {{ record.nam }} account";

    const result = checkTemplate(source, scope);

    expect(formatCelType(result.type)).toBe("string");
    expect(result.issues).toEqual([
      expect.objectContaining({ code: "cel/unknown-field", offset: source.indexOf("nam }"), length: 3 }),
    ]);
    expect(result.reads).toEqual([
      { variable: "record", path: ["name"], entity: "lead", field: "name", offset: 8 },
    ]);
  });

  it("accepts any type in a part: the runtime turns it into text", () => {
    expect(checkTemplate("Revenue: {{ record.revenue }} {{ [1, 2] }}", scope).ok).toBe(true);
  });

  it("does not end a part at the }} of a nested map literal", () => {
    expect(checkTemplate('{{ {"a": {"b": record.name}} }} done', scope).issues).toEqual([]);
  });

  it("reports an unclosed {{ at the braces", () => {
    const source = "Hi {{ record.name }}, see {{ record.name";

    expect(checkTemplate(source, scope).issues).toEqual([
      expect.objectContaining({ code: "cel/syntax", offset: 26, length: 2, message: "'{{' is never closed" }),
    ]);
  });

  it("reports an empty part and syntax errors inside a part", () => {
    const issues = checkTemplate("A {{ }} B {{ record.name + }}", scope).issues;

    expect(issues.map((i) => [i.code, i.offset])).toEqual([
      ["cel/syntax", 4],
      ["cel/syntax", 25],
    ]);
  });

  it("checks a part whose quote never closes and reports the quote", () => {
    const [issue] = checkTemplate("x {{ 'abc }} y", scope).issues;

    expect(issue).toMatchObject({ code: "cel/syntax", offset: 5, message: "This text has no closing quote" });
  });
});
