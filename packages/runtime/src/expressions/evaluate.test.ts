import { CelTypes, typeFromJsonSchema } from "@switchyard/definitions";
import { describe, expect, it } from "vitest";
import { StepFailure } from "../components/contract.js";
import { evaluate, render } from "./evaluate.js";
import { toCel } from "./values.js";

const lead = typeFromJsonSchema(
  {
    type: "object",
    properties: {
      name: { type: "string" },
      employees: { type: "integer" },
      amount: { type: "number" },
      gender: { type: "string" },
      created: { type: "string", format: "date-time" },
      tags: { type: "array", items: { type: "string" } },
    },
  },
  { name: "lead", entity: "lead" },
);
const bind = (record: unknown) => ({
  record: toCel(record, lead),
  now: toCel("2026-11-23T10:00:00Z", CelTypes.timestamp),
});

describe("evaluate", () => {
  it("agrees with the checker's types: integer fields are ints, numbers doubles", () => {
    const b = bind({ name: "Acme", employees: 600, amount: 1200.5 });
    expect(evaluate("record.employees + 1", b)).toBe(601);
    expect(evaluate("record.amount * 1.1 > 1000.0", b)).toBe(true);
    expect(evaluate("record.employees > 500 && record.amount > 1000", b)).toBe(true);
  });

  it("reads a declared but unset field as its type's empty value, not an error", () => {
    expect(evaluate("record.gender == 'female'", bind({ name: "Acme" }))).toBe(false);
    expect(evaluate("record.amount >= 500000.0 || record.employees > 10", bind({ name: "Acme" }))).toBe(
      false,
    );
    expect(evaluate("size(record.tags)", bind({ name: "Acme" }))).toBe(0);
  });

  it("handles timestamps, lists, maps and the strings extension", () => {
    const b = bind({ name: "ACME", created: "2026-11-20T10:00:00Z", tags: ["vip", "east"] });
    expect(evaluate("now - record.created > duration('48h')", b)).toBe(true);
    expect(evaluate("record.tags.exists(t, t == 'vip')", b)).toBe(true);
    expect(evaluate("{'n': record.name.lowerAscii(), 'c': size(record.tags)}", b)).toEqual({
      n: "acme",
      c: 2,
    });
    expect(evaluate("record.created + duration('1h')", b)).toBe("2026-11-20T11:00:00.000Z");
  });

  it("fails with a typed, actionable error", () => {
    const fail = (source: string) => {
      try {
        evaluate(source, bind({ name: "Acme" }));
      } catch (error) {
        return error instanceof StepFailure ? error.error.code : "other";
      }
      return "none";
    };
    expect(fail("record.name +")).toBe("expression/syntax");
    expect(fail("record.name / 2")).toBe("expression/error");
  });
});

describe("render", () => {
  it("fills in {{ }} parts", () => {
    expect(
      render(
        "Hello {{ record.name }}, {{ record.tags }} ({{ record.employees }})",
        bind({ name: "Li", tags: ["a", "b"], employees: 3 }),
      ),
    ).toBe("Hello Li, a, b (3)");
  });
});
