import { afterAll, describe, expect, it } from "vitest";
import { createSandbox, type ScriptCall } from "./index.js";

// What a hostile script can reach: nothing of the host. One worker, so consecutive calls are
// known to share a worker (and its QuickJS module) when testing that state does not leak.
const sandbox = createSandbox({ workers: 1 });
afterAll(() => sandbox.close());

async function output(source: string, extra: Partial<ScriptCall> = {}): Promise<unknown> {
  const result = await sandbox.run({ source, input: null, config: null, ...extra });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.output;
}

describe("host globals", () => {
  it.each([
    "process",
    "require",
    "module",
    "Buffer",
    "setTimeout",
    "setInterval",
    "setImmediate",
    "queueMicrotask",
    "fetch",
    "XMLHttpRequest",
    "WebSocket",
    "WebAssembly",
    "std",
    "os",
    "console",
  ])("%s is undefined", async (name) => {
    expect(await output(`function run() { return typeof globalThis[${JSON.stringify(name)}]; }`)).toBe(
      "undefined",
    );
  });

  it("the Function constructor reaches only the guest's own global", async () => {
    const source = `function run() {
      const viaConstructor = globalThis.constructor.constructor("return this")();
      const viaFunction = Function("return this")();
      const viaProcess = globalThis.constructor.constructor("return typeof process")();
      return [viaConstructor === globalThis, viaFunction === globalThis, viaProcess, typeof viaFunction.require];
    }`;
    expect(await output(source)).toEqual([true, true, "undefined", "undefined"]);
  });

  it("the async and generator function constructors reach nothing more", async () => {
    const source = `async function run() {
      const AsyncFunction = (async () => {}).constructor;
      const GeneratorFunction = function* () {}.constructor;
      const fromAsync = await AsyncFunction("return [typeof process, typeof require]")();
      const fromGenerator = GeneratorFunction("yield typeof globalThis.process")().next().value;
      return [...fromAsync, fromGenerator];
    }`;
    expect(await output(source)).toEqual(["undefined", "undefined", "undefined"]);
  });
});

describe("imports", () => {
  it("refuses a static import with a clear error", async () => {
    const result = await sandbox.run({
      source: "import fs from 'fs';\nexport function run() { return 1; }",
      input: null,
      config: null,
    });
    expect(result).toMatchObject({ ok: false, error: { code: "sandbox/script-error" } });
    expect(!result.ok && result.error.message).toMatch(/Cannot import "fs": scripts cannot load modules/);
  });

  it.each(["fs", "node:child_process", "./helper.js", "https://example.com/x.js"])(
    "refuses import(%j)",
    async (name) => {
      const source = `export async function run() { try { await import(${JSON.stringify(name)}); return "loaded"; } catch (e) { return String(e); } }`;
      expect(await output(source)).toMatch(/^Error: Cannot import ".*": scripts cannot load modules/);
    },
  );
});

describe("values are copied, never shared", () => {
  it("mutating input.__proto__ and Object.prototype inside the script leaves the host's objects alone", async () => {
    const input = { user: { name: "Ada" } };
    const source = `function run(input) {
      input.__proto__.polluted = "yes";
      Object.prototype.alsoPolluted = "yes";
      input.user.name = "Mallory";
      Array.prototype.push = null;
      return { seen: ({}).polluted };
    }`;
    expect(await output(source, { input })).toEqual({ seen: "yes" });
    expect(input.user.name).toBe("Ada");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).alsoPolluted).toBeUndefined();
    expect(typeof [].push).toBe("function");
  });

  it("a __proto__ key in the output is plain data on the host", async () => {
    const result = await output(
      `function run() { return JSON.parse('{"__proto__": {"polluted": true}, "a": 1}'); }`,
    );
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(result as object, "__proto__")).toBe(true);
  });

  it("a toJSON or getter in the output runs inside the sandbox, not on the host", async () => {
    const source = `function run() { return { get a() { return typeof process; }, b: { toJSON() { return "inside"; } } }; }`;
    expect(await output(source)).toEqual({ a: "undefined", b: "inside" });
  });
});

describe("state between calls", () => {
  it("a global set in one call is absent in the next", async () => {
    await output(
      "globalThis.leaked = 'secret'; var alsoLeaked = 1; function run() { Object.prototype.marker = 1; return 1; }",
    );
    const source = "function run() { return [typeof leaked, typeof alsoLeaked, typeof ({}).marker]; }";
    expect(await output(source)).toEqual(["undefined", "undefined", "undefined"]);
  });

  it("a patched built-in does not survive into the next call", async () => {
    await output(
      "JSON.stringify = () => '\"hijacked\"'; Math.random = () => 4; function run() { return 1; }",
    );
    expect(await output("function run() { return [JSON.stringify({ a: 1 }), Math.random() < 1]; }")).toEqual([
      '{"a":1}',
      true,
    ]);
  });
});
