import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "./limits.js";
import { parseSource } from "./parse-source.js";

const codes = (text: string) => parseSource(text, "f.yaml").diagnostics.map((d) => d.code);
const first = (text: string) => parseSource(text, "f.yaml").diagnostics[0];

describe("parseSource", () => {
  it("returns plain data and locates values by path", () => {
    const { document, diagnostics } = parseSource("kind: entity\nlist:\n  - a\n  - { b: 2 }\n", "f.yaml");
    expect(diagnostics).toEqual([]);
    expect(document?.value).toEqual({ kind: "entity", list: ["a", { b: 2 }] });
    expect(document?.locate(["list", 1, "b"])).toMatchObject({ line: 4, column: 10 });
    expect(document?.locateKey(["list"])).toMatchObject({ line: 2, column: 1 });
  });

  it("points a syntax error at its line and column", () => {
    const d = first('kind: workflow\nname: "unclosed\nowner: x\n');
    expect(d?.code).toBe("yaml/syntax");
    expect(d?.location?.line).toBe(2);
    expect(d?.hint).toMatch(/quotes/);
  });

  it("rejects duplicate keys where the second one stands", () => {
    const d = first("id: a\nname: x\nid: b\n");
    expect(d).toMatchObject({ code: "yaml/duplicate-key", location: { line: 3, column: 1 } });
  });

  it("rejects an alias bomb quickly, without expanding it", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(", ")}]`,
      );
    const started = performance.now();
    expect(codes(bomb.join("\n"))).toEqual(["yaml/alias-limit"]);
    expect(performance.now() - started).toBeLessThan(5000); // bounded: 10^12 nodes would never finish
  });

  it("rejects deep nesting in flow and block style", () => {
    expect(codes(`${"[".repeat(100_000)}${"]".repeat(100_000)}`)).toEqual(["yaml/too-deep"]);
    expect(codes(`${"[".repeat(65)}${"]".repeat(65)}`)).toEqual(["yaml/too-deep"]);
    const block = Array.from({ length: 80 }, (_, i) => `${"  ".repeat(i)}k${i}:`).join("\n");
    expect(codes(`${block} end`)).toEqual(["yaml/too-deep"]);
    expect(codes(`${"[".repeat(60)}${"]".repeat(60)}`)).toEqual([]);
  });

  it("rejects files over the size limit before parsing them", () => {
    const huge = `a: "${"x".repeat(DEFAULT_LIMITS.maxBytes)}"`;
    expect(codes(huge)).toEqual(["io/too-large"]);
  });

  it.each(["__proto__", "constructor", "prototype"])("rejects the key %s and pollutes nothing", (key) => {
    const d = first(`a:\n  ${key}:\n    polluted: true\n`);
    expect(d).toMatchObject({ code: "yaml/forbidden-key", location: { line: 2, column: 3 } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("rejects several documents in one file, empty files and non-string keys", () => {
    expect(codes("a: 1\n---\nb: 2\n")).toEqual(["yaml/multiple-documents"]);
    expect(codes("")).toEqual(["yaml/empty"]);
    expect(codes("# just a comment\n")).toEqual(["yaml/empty"]);
    expect(codes("? [a, b]\n: 1\n")).toEqual(["yaml/non-string-key"]);
  });
});
