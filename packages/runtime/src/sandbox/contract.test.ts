import { afterAll, describe, expect, it } from "vitest";
import { createSandbox, type ScriptCall, type ScriptResult } from "./index.js";

// The script contract as a script author sees it: how run() is found and called, what comes
// back, and what each kind of mistake reports.
const sandbox = createSandbox({ workers: 2 });
afterAll(() => sandbox.close());

const run = (source: string, extra: Partial<ScriptCall> = {}): Promise<ScriptResult> =>
  sandbox.run({ source, input: null, config: null, ...extra });

async function failure(source: string, extra: Partial<ScriptCall> = {}) {
  const result = await run(source, extra);
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.output)}`);
  return result.error;
}

describe("finding and calling run()", () => {
  it.each([
    ["an exported function", "export function run(input, config) { return input.a + config.b; }"],
    ["a plain function", "function run(input, config) { return input.a + config.b; }"],
    ["a top-level const", "const run = (input, config) => input.a + config.b;"],
    [
      "a module with a helper before the export",
      "const add = (x, y) => x + y;\nexport function run(i, c) { return add(i.a, c.b); }",
    ],
    [
      "an async function",
      "export async function run(input, config) { await null; return input.a + config.b; }",
    ],
    [
      "a module with top-level await",
      "const b = await Promise.resolve(0);\nexport const run = (i, c) => i.a + c.b + b;",
    ],
  ])("calls %s with input and config", async (_, source) => {
    const result = await run(source, { input: { a: 2 }, config: { b: 40 } });
    expect(result).toMatchObject({ ok: true, output: 42, logs: [] });
  });

  it("returns structured output as plain host data", async () => {
    const result = await run(
      "function run(input) { return { items: input.items.map((n) => n * 2), ok: true, none: null }; }",
      {
        input: { items: [1, 2, 3] },
      },
    );
    expect(result).toMatchObject({ ok: true, output: { items: [2, 4, 6], ok: true, none: null } });
  });

  it("passes undefined input and config as null", async () => {
    const result = await sandbox.run({
      source: "function run(i, c) { return [i, c]; }",
      input: undefined,
      config: undefined,
    });
    expect(result).toMatchObject({ ok: true, output: [null, null] });
  });

  it("reports a script without run as sandbox/no-run-function", async () => {
    expect(await failure("function start() { return 1; }")).toMatchObject({
      code: "sandbox/no-run-function",
      message: "The script does not define a run(input, config) function.",
    });
    expect(await failure("export const run = 5;")).toMatchObject({
      code: "sandbox/no-run-function",
      message: "The script's run is a number, not a function.",
    });
  });
});

describe("script errors", () => {
  it("reports a syntax error with its line and column", async () => {
    const error = await failure("const x = 1;\nfunction run(input {\n  return x;\n}");
    expect(error).toMatchObject({ code: "sandbox/syntax-error", line: 2 });
    expect(error.column).toBeGreaterThan(0);
    expect(error.message).toMatch(/^Syntax error: /);
  });

  it("reports a syntax error in a module", async () => {
    const error = await failure("export function run() {\n  return 1 +;\n}");
    expect(error).toMatchObject({ code: "sandbox/syntax-error", line: 2 });
  });

  it("reports a thrown error with its message, line and column", async () => {
    const error = await failure(
      "function run() {\n  const x = 1;\n  throw new TypeError('bad input: ' + x);\n}",
    );
    expect(error).toMatchObject({
      code: "sandbox/script-error",
      message: "TypeError: bad input: 1.",
      line: 3,
    });
    expect(error.column).toBeGreaterThan(0);
  });

  it("reports a rejected promise like a thrown error", async () => {
    const error = await failure(
      "export async function run() {\n  await null;\n  throw new Error('late');\n}",
    );
    expect(error).toMatchObject({ code: "sandbox/script-error", message: "Error: late.", line: 3 });
  });

  it("reports thrown non-errors by value", async () => {
    expect(await failure("function run() { throw 'nope'; }")).toMatchObject({
      code: "sandbox/script-error",
      message: 'The script threw the string "nope".',
    });
    expect((await failure("function run() { throw { code: 7 }; }")).message).toBe(
      'The script threw {"code":7}.',
    );
  });

  it("reports an error in top-level code as a script error, not a syntax error", async () => {
    const error = await failure("JSON.parse('{');\nfunction run() { return 1; }");
    expect(error.code).toBe("sandbox/script-error");
    expect(error.message).toMatch(/^The script failed while loading: SyntaxError/);
  });

  it("reports a promise that can never settle", async () => {
    const error = await failure("function run() { return new Promise(() => {}); }");
    expect(error.code).toBe("sandbox/script-error");
    expect(error.message).toMatch(/never settled/);
  });

  it("reports runaway recursion as a script error, not a crash", async () => {
    const error = await failure(
      "function down(n) { return down(n + 1) + 1; }\nfunction run() { return down(0); }",
    );
    expect(error).toMatchObject({ code: "sandbox/script-error", line: 1 });
    expect(error.message).toMatch(/stack overflow/);
  });

  it("reports deeply nested source parsed at run time as a script error, not a crash", async () => {
    // The parser recurses natively; this overflowed Node's stack before the worker's stack was sized.
    const source = "function run() { return eval('['.repeat(100000) + ']'.repeat(100000)); }";
    expect(await failure(source)).toMatchObject({
      code: "sandbox/script-error",
      message: "SyntaxError: stack overflow.",
    });
  });
});

describe("output", () => {
  it.each([
    ["a function", "function run() { return () => 1; }", "run() returned a function."],
    [
      "a nested function",
      "function run() { return { fn() {} }; }",
      'The output contains a function at key "fn".',
    ],
    ["a symbol", "function run() { return [Symbol('s')]; }", 'The output contains a symbol at key "0".'],
    [
      "NaN",
      "function run() { return { n: 0 / 0 }; }",
      'The output contains NaN (JSON has no NaN or Infinity) at key "n".',
    ],
    [
      "a BigInt",
      "function run() { return 10n; }",
      "run() returned a BigInt (convert it to a string or number).",
    ],
    [
      "undefined",
      "function run() {}",
      "run() returned undefined; return null when there is nothing to return.",
    ],
    [
      "a cycle",
      "function run() { const a = {}; a.self = a; return a; }",
      "The output cannot be serialised as JSON: circular reference.",
    ],
  ])("refuses %s as sandbox/invalid-output", async (_, source, message) => {
    expect(await failure(source)).toMatchObject({ code: "sandbox/invalid-output", message });
  });

  it("refuses output over 1 MiB and accepts output just under it", async () => {
    const tooBig = await failure("function run() { return 'x'.repeat(1024 * 1024); }");
    expect(tooBig.code).toBe("sandbox/invalid-output");
    const fits = await run("function run() { return 'x'.repeat(1024 * 1024 - 2); }");
    expect(fits.ok && typeof fits.output === "string" && fits.output.length).toBe(1024 * 1024 - 2);
  });

  it("counts the 1 MiB in UTF-8 bytes", async () => {
    // 600 Ki characters of three bytes each: under 1 Mi characters, over 1 MiB.
    const error = await failure("function run() { return '\\u20ac'.repeat(600 * 1024); }");
    expect(error.code).toBe("sandbox/invalid-output");
    expect(error.message).toMatch(/bytes of JSON/);
  });
});

describe("the log capability", () => {
  it("captures console.log and console.warn when the call declares log", async () => {
    const result = await run(
      "function run(input) { console.log('seen', input, [1]); console.warn('careful'); return 1; }",
      {
        input: { a: 1 },
        capabilities: ["log"],
      },
    );
    expect(result).toMatchObject({ ok: true, logs: ['seen {"a":1} [1]', "[warn] careful"] });
  });

  it("keeps logs from a call that fails", async () => {
    const result = await run("function run() { console.log('before'); throw new Error('x'); }", {
      capabilities: ["log"],
    });
    expect(result).toMatchObject({ ok: false, logs: ["before"] });
  });

  it("keeps at most 100 lines of at most 1,000 characters", async () => {
    const result = await run(
      "function run() { for (let i = 0; i < 150; i++) console.log('x'.repeat(5000)); return 1; }",
      {
        capabilities: ["log"],
      },
    );
    expect(result.logs).toHaveLength(100);
    expect(result.logs.every((line) => line.length === 1000 && line.endsWith("\u2026"))).toBe(true);
  });

  it("has no console at all without the capability", async () => {
    expect(await run("function run() { return typeof console; }")).toMatchObject({
      ok: true,
      output: "undefined",
    });
  });
});

describe("capabilities", () => {
  it("denies a call that declares an unknown capability, naming it", async () => {
    const result = await run("function run() { return 1; }", {
      capabilities: ["log", "records:read:contact"],
    });
    expect(result).toMatchObject({ ok: false, error: { code: "sandbox/capability-denied" } });
    expect(!result.ok && result.error.message).toContain('"records:read:contact"');
  });
});

describe("caller mistakes", () => {
  it("rejects limits that are not positive numbers", async () => {
    await expect(run("function run() {}", { limits: { timeoutMs: -5 } })).rejects.toMatchObject({
      code: "sandbox/invalid-limits",
    });
    await expect(run("function run() {}", { limits: { memoryMiB: Number.NaN } })).rejects.toMatchObject({
      code: "sandbox/invalid-limits",
    });
  });

  it("rejects input that is not JSON-serialisable", async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(run("function run() {}", { input: cyclic })).rejects.toMatchObject({
      code: "sandbox/invalid-input",
    });
  });
});
