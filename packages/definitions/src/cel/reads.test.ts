import { describe, expect, it } from "vitest";
import { checkExpression } from "./check.js";
import lead from "./fixtures/lead.schema.json" with { type: "json" };
import { typeFromJsonSchema } from "./from-json-schema.js";
import type { CelScope } from "./issues.js";
import { CelTypes } from "./types.js";

const leadType = typeFromJsonSchema(lead, { name: "lead", entity: "lead" });
const scope: CelScope = {
  variables: {
    record: leadType,
    steps: CelTypes.object("steps", { lookup: CelTypes.object("lookup", { output: leadType }) }),
    vars: CelTypes.map(CelTypes.string, CelTypes.dyn),
  },
};

const readsOf = (source: string) => checkExpression(source, scope).reads;

describe("field reads", () => {
  it("records a select chain once, attributed to the top-level entity field", () => {
    expect(readsOf("record.address.city == 'Paris'")).toEqual([
      { variable: "record", path: ["address", "city"], entity: "lead", field: "address", offset: 0 },
    ]);
  });

  it("dedupes identical reads and keeps the first offset", () => {
    expect(readsOf("record.name == 'a' || record.name == 'b' || record.age > 3")).toEqual([
      { variable: "record", path: ["name"], entity: "lead", field: "name", offset: 0 },
      { variable: "record", path: ["age"], entity: "lead", field: "age", offset: 44 },
    ]);
  });

  it("records reads inside function calls, has() and indexing", () => {
    const reads = readsOf("has(record.phone) && size(record.tags) > 0 && record['gender'] == 'male'");

    expect(reads.map((r) => r.path)).toEqual([["phone"], ["tags"], ["gender"]]);
  });

  it("attributes reads through a loop variable to the entity's list field", () => {
    expect(readsOf("record.lines.exists(l, l.amount > 100.0)")).toEqual([
      { variable: "record", path: ["lines"], entity: "lead", field: "lines", offset: 0 },
      { variable: "record", path: ["lines", "amount"], entity: "lead", field: "lines", offset: 23 },
    ]);
  });

  it("attributes reads of an entity record nested in another variable", () => {
    expect(readsOf("steps.lookup.output.address.zip == '75001'")).toEqual([
      {
        variable: "steps",
        path: ["lookup", "output", "address", "zip"],
        entity: "lead",
        field: "address",
        offset: 0,
      },
    ]);
  });

  it("follows map-typed entity fields", () => {
    expect(readsOf("record.custom.score > 3")).toEqual([
      { variable: "record", path: ["custom", "score"], entity: "lead", field: "custom", offset: 0 },
    ]);
  });

  it("records nothing for variables without an entity, or fields that do not exist", () => {
    expect(readsOf("vars.limit > 3")).toEqual([]);
    expect(readsOf("record.nope == 1")).toEqual([]);
  });
});
