import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.js";
import { celMapOf, lazyCelMap, toCel } from "./values.js";

describe("lazyCelMap", () => {
  const steps = { a: { n: 1 }, b: { n: 2 }, c: { n: 3 } };
  const lazy = () => {
    const converted: string[] = [];
    const map = lazyCelMap(steps, (key, value) => {
      converted.push(key);
      return celMapOf({ output: toCel(value, undefined) });
    });
    return { map, converted };
  };

  it("converts only the entries an expression reads, once each", () => {
    const { map, converted } = lazy();
    expect(evaluate("steps.b.output.n + steps.b.output.n", { steps: map })).toBe(4);
    expect(converted).toEqual(["b"]);
  });

  it("answers membership, size and macros like a plain map", () => {
    const { map } = lazy();
    const scope = { steps: map };
    expect(evaluate("'c' in steps && !('d' in steps)", scope)).toBe(true);
    expect(evaluate("size(steps)", scope)).toBe(3);
    expect(evaluate("steps.exists(k, steps[k].output.n == 3)", scope)).toBe(true);
    expect(evaluate("steps.all(k, steps[k].output.n > 0)", scope)).toBe(true);
    expect(evaluate("steps", scope)).toEqual({
      a: { output: { n: 1 } },
      b: { output: { n: 2 } },
      c: { output: { n: 3 } },
    });
    expect(() => evaluate("steps.d.output", scope)).toThrow(/d/);
  });
});
