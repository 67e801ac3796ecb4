import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { publishedSchemas } from "./published.js";
import { createAjv } from "./validate-shape.js";

const folder = path.resolve(import.meta.dirname, "../../schemas");

describe("published schemas", () => {
  it.each(Object.keys(publishedSchemas()))("schemas/%s is up to date (run npm run schemas)", (name) => {
    const committed = JSON.parse(readFileSync(path.join(folder, name), "utf8"));
    expect(committed).toEqual(publishedSchemas()[name]);
  });

  it("validate a definition through definition.schema.json, as an editor would", () => {
    const ajv = createAjv();
    for (const [name, schema] of Object.entries(publishedSchemas()))
      if (name !== "definition.schema.json") ajv.addSchema(schema);
    const validate = ajv.compile(publishedSchemas()["definition.schema.json"] ?? {});
    expect(
      validate({ kind: "entity", id: "lead", label: "Lead", schema: { type: "object", properties: {} } }),
    ).toBe(true);
    expect(validate({ kind: "entity", id: "lead", schema: { type: "object", properties: {} } })).toBe(false);
  });
});
