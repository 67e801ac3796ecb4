import { describe, expect, it } from "vitest";
import lead from "./fixtures/lead.schema.json" with { type: "json" };
import { typeFromJsonSchema } from "./from-json-schema.js";
import { type CelType, CelTypes, formatCelType } from "./types.js";

const plain = (schema: unknown): CelType => typeFromJsonSchema(schema, { name: "value" });

describe("typeFromJsonSchema", () => {
  it.each([
    [{ type: "integer" }, "int"],
    [{ type: "number" }, "double"],
    [{ type: "string" }, "string"],
    [{ type: "string", format: "date-time" }, "timestamp"],
    [{ type: "string", format: "date" }, "timestamp"],
    [{ type: "string", format: "email" }, "string"],
    [{ type: "boolean" }, "bool"],
    [{ type: "null" }, "null"],
    [{ type: "array", items: { type: "integer" } }, "list(int)"],
    [{ type: "array" }, "list(dyn)"],
    [{ type: "object" }, "map(string, dyn)"],
    [{ type: "object", additionalProperties: { type: "number" } }, "map(string, double)"],
    [{}, "dyn"],
    [true, "dyn"],
    [{ type: ["string", "null"] }, "string"],
    [{ type: ["string", "integer"] }, "dyn"],
    [{ enum: ["a", "b"] }, "string"],
    [{ enum: ["a", 1] }, "dyn"],
    [{ const: true }, "bool"],
    [{ anyOf: [{ type: "string" }, { type: "null" }] }, "string"],
    [{ oneOf: [{ type: "string" }, { type: "integer" }] }, "dyn"],
    [{ $ref: "#/$defs/x" }, "dyn"],
  ])("maps %j to %s", (schema, expected) => {
    expect(formatCelType(plain(schema))).toBe(expected);
  });

  it("maps an entity schema to a closed object marked with the entity at every level", () => {
    const type = typeFromJsonSchema(lead, { name: "lead", entity: "lead" });

    expect(type.kind === "object" && type.open).toBe(false);
    expect(type).toMatchObject({ kind: "object", name: "lead", entity: "lead", path: [] });
    expect(type.kind === "object" && type.fields.address).toMatchObject({
      kind: "object",
      name: "lead.address",
      entity: "lead",
      path: ["address"],
      open: false,
    });
    const lines = type.kind === "object" ? type.fields.lines : undefined;
    expect(lines?.kind === "list" && lines.element).toMatchObject({ name: "lead.lines", path: ["lines"] });
  });

  it("treats objects without additionalProperties as open when no entity is given", () => {
    const type = plain({ type: "object", properties: { a: { type: "string" } } });

    expect(type).toMatchObject({ kind: "object", open: true });
    expect(type.kind === "object" && type.entity).toBeUndefined();
  });

  it("lets the caller choose closed or open explicitly", () => {
    const schema = { type: "object", properties: { a: { type: "string" } } };

    expect(typeFromJsonSchema(schema, { name: "x", closed: true })).toMatchObject({ open: false });
    expect(typeFromJsonSchema(schema, { name: "x", entity: "x", closed: false })).toMatchObject({
      open: true,
    });
    expect(
      typeFromJsonSchema({ ...schema, additionalProperties: true }, { name: "x", entity: "x" }),
    ).toMatchObject({ open: true });
  });

  it("keeps a property named __proto__ as an ordinary field", () => {
    const schema = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"integer"}}}');
    const type = typeFromJsonSchema(schema, { name: "odd", entity: "odd" });

    expect(type.kind === "object" && Object.hasOwn(type.fields, "__proto__")).toBe(true);
    expect(type.kind === "object" && Object.getPrototypeOf(type.fields)).toBe(Object.prototype);
  });

  it("gives dyn instead of recursing forever on a cyclic schema", () => {
    const cyclic: Record<string, unknown> = { type: "array" };
    cyclic.items = cyclic;

    const type = plain(cyclic);

    expect(formatCelType(type)).toMatch(/^(list\()+dyn\)+$/);
  });

  it("builds the same type as the CelTypes constructors", () => {
    const type = plain({
      type: "object",
      properties: { n: { type: "integer" } },
      additionalProperties: false,
    });

    expect(type).toEqual(CelTypes.object("value", { n: CelTypes.int }, { open: false }));
  });
});
