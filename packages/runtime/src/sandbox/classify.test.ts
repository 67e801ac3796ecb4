import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyFailure, isOutOfMemory, parseThrown, scriptPosition, type ThrownValue } from "./classify.js";
import { resolveLimits } from "./limits.js";
import type { RunReply, Stage } from "./protocol.js";

const limits = resolveLimits({ memoryMiB: 32, timeoutMs: 250 });

const thrown = (fields: Partial<ThrownValue>): string =>
  JSON.stringify({
    type: "object",
    name: "",
    message: "",
    stack: "",
    fileName: "",
    lineNumber: 0,
    ...fields,
  });

function failed(stage: Stage, extra: Partial<RunReply> & { thrown?: string; runType?: string } = {}) {
  const { thrown: thrownJson, runType, ...reply } = extra;
  return {
    kind: "result" as const,
    id: 1,
    interrupted: false,
    heapExhausted: false,
    logs: [],
    ...reply,
    facts: { kind: "failed" as const, stage, thrown: thrownJson, runType },
  };
}

describe("parseThrown", () => {
  it("never throws and never trusts a field's type, whatever the guest wrote", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const value = parseThrown(text);
        if (value !== undefined) {
          expect(typeof value.message).toBe("string");
          expect(Number.isInteger(value.lineNumber)).toBe(true);
        }
      }),
    );
  });

  it("drops a non-numeric or negative line number", () => {
    expect(parseThrown(JSON.stringify({ lineNumber: "3" }))?.lineNumber).toBe(0);
    expect(parseThrown(JSON.stringify({ lineNumber: -3 }))?.lineNumber).toBe(0);
  });
});

describe("scriptPosition", () => {
  it("takes the first frame in the script, skipping native frames", () => {
    const value = parseThrown(
      thrown({ stack: "    at exec (native)\n    at run (script.js:7:12)\n    at <eval> (script.js:9:1)\n" }),
    );
    expect(scriptPosition(value)).toEqual({ line: 7, column: 12 });
  });

  it("falls back to lineNumber only for errors in the script's own file", () => {
    expect(scriptPosition(parseThrown(thrown({ fileName: "script.js", lineNumber: 4 })))).toEqual({
      line: 4,
    });
    expect(scriptPosition(parseThrown(thrown({ fileName: "<input>", lineNumber: 4 })))).toEqual({});
  });
});

describe("classifyFailure", () => {
  it("a timeout wins over everything else", () => {
    const reply = failed("output", { interrupted: true, heapExhausted: true });
    expect(classifyFailure(reply, limits)).toMatchObject({
      code: "sandbox/timeout",
      message: "The script did not finish within its time limit of 250 ms.",
    });
  });

  it("an exhausted heap means out-of-memory whatever was thrown", () => {
    const reply = failed("run", {
      heapExhausted: true,
      thrown: thrown({ name: "TypeError", message: "x is null" }),
    });
    expect(classifyFailure(reply, limits)).toMatchObject({ code: "sandbox/out-of-memory" });
  });

  it.each([
    ["out of memory", true],
    ["out of memory in regexp execution", true],
    ["string too long", true],
    ["stack overflow", false],
  ])("InternalError %j is out-of-memory: %s", (message, expected) => {
    expect(isOutOfMemory(parseThrown(thrown({ name: "InternalError", message })))).toBe(expected);
  });

  it("a user-made error with an out-of-memory message is a script error", () => {
    expect(isOutOfMemory(parseThrown(thrown({ name: "Error", message: "out of memory" })))).toBe(false);
  });

  it("a refused import caught by the compile-only pass is a script error, not a syntax error", () => {
    const reply = failed("syntax", {
      thrown: thrown({ name: "Error", message: 'Cannot import "fs": nope.' }),
    });
    expect(classifyFailure(reply, limits)).toMatchObject({
      code: "sandbox/script-error",
      message: 'The script failed while loading: Error: Cannot import "fs": nope.',
    });
  });

  it("a syntax error carries its position", () => {
    const reply = failed("syntax", {
      thrown: thrown({ name: "SyntaxError", message: "unexpected token", stack: "    at script.js:3:9\n" }),
    });
    expect(classifyFailure(reply, limits)).toEqual({
      code: "sandbox/syntax-error",
      message: "Syntax error: unexpected token.",
      hint: expect.any(String),
      line: 3,
      column: 9,
    });
  });

  it("a value that could not be described still yields a message", () => {
    expect(classifyFailure(failed("run"), limits)).toMatchObject({
      code: "sandbox/script-error",
      message: "The script threw a value that could not be read.",
    });
  });
});
