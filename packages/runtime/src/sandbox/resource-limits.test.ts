import { afterAll, describe, expect, it } from "vitest";
import { createSandbox, type ScriptCall, type ScriptResult } from "./index.js";
import { WorkerPool } from "./pool.js";
import { sandboxOnPool } from "./sandbox.js";
import { workerBoot } from "./worker-boot.js";

// The walls: time and memory. Durations are asserted only against generous bounds; machines are
// noisy. One worker, so every call after a failure runs where the failure happened.
const sandbox = createSandbox({ workers: 1 });
afterAll(() => sandbox.close());

const run = (source: string, extra: Partial<ScriptCall> = {}): Promise<ScriptResult> =>
  sandbox.run({ source, input: null, config: null, ...extra });

const SIMPLE = "function run(input) { return input.n * 2; }";
const MiB = 1024 * 1024;

async function expectHealthy(): Promise<void> {
  expect(await run(SIMPLE, { input: { n: 21 } })).toMatchObject({ ok: true, output: 42 });
}

describe("time", () => {
  it("stops an infinite loop at its deadline", async () => {
    const result = await run("function run() { while (true) {} }", { limits: { timeoutMs: 200 } });
    expect(result).toMatchObject({ ok: false, error: { code: "sandbox/timeout" } });
    expect(result.durationMs).toBeGreaterThanOrEqual(190);
    expect(result.durationMs).toBeLessThan(10_000);
    await expectHealthy();
  });

  it("stops an endless chain of promise jobs", async () => {
    const source = "export async function run() { for (;;) await null; }";
    expect(await run(source, { limits: { timeoutMs: 200 } })).toMatchObject({
      ok: false,
      error: { code: "sandbox/timeout" },
    });
  });

  it("stops catastrophic regular-expression backtracking", async () => {
    const source = "function run() { return /(a+)+$/.test('a'.repeat(40) + 'b'); }";
    expect(await run(source, { limits: { timeoutMs: 200 } })).toMatchObject({
      ok: false,
      error: { code: "sandbox/timeout" },
    });
  });

  it("a script cannot catch its own timeout", async () => {
    const source = "function run() { try { while (true) {} } catch (e) { return 'caught'; } }";
    expect(await run(source, { limits: { timeoutMs: 200 } })).toMatchObject({
      ok: false,
      error: { code: "sandbox/timeout" },
    });
  });

  it("the host watchdog ends a single built-in call that ignores the deadline, and replaces the worker", async () => {
    // Array.prototype.join never checks QuickJS's interrupt handler: measured at ~1.5 s for 3e7
    // elements. A short grace keeps the test fast; the default is a second.
    const pool = new WorkerPool({ workers: 1, boot: workerBoot(), watchdogGraceMs: 100 });
    const guarded = sandboxOnPool(pool);
    try {
      const source = "function run() { return Array(5e7).join('a').length; }";
      const result = await guarded.run({
        source,
        input: null,
        config: null,
        limits: { timeoutMs: 50, memoryMiB: 256 },
      });
      expect(result).toMatchObject({ ok: false, error: { code: "sandbox/timeout" } });
      expect(!result.ok && result.error.message).toMatch(/watchdog/);
      expect(await guarded.run({ source: SIMPLE, input: { n: 1 }, config: null })).toMatchObject({
        ok: true,
        output: 2,
      });
    } finally {
      await guarded.close();
    }
  });
});

describe("memory", () => {
  it("stops an array bomb at the memory wall and keeps host memory bounded", async () => {
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 3; i++) {
      const result = await run(
        "function run() { const a = []; while (true) a.push(new Array(1e5).fill(1)); }",
        {
          limits: { memoryMiB: 64, timeoutMs: 20_000 },
        },
      );
      expect(result).toMatchObject({ ok: false, error: { code: "sandbox/out-of-memory" } });
    }
    expect(process.memoryUsage().rss - before).toBeLessThan(1024 * MiB);
    await expectHealthy();
  });

  it.each([
    ["doubling a string (a rope, refused by length)", "let s = 'x'; while (true) s = s + s;"],
    ["doubling a flattened string", "let s = 'x'; while (true) { s = s + s; s.indexOf('y'); }"],
    ["one huge repeat", "return 'x'.repeat(2 ** 29).length;"],
    ["a huge typed array", "return new Float64Array(1e8).length;"],
  ])("stops %s as sandbox/out-of-memory", async (_, body) => {
    const result = await run(`function run() { ${body} }`, { limits: { timeoutMs: 20_000 } });
    expect(result).toMatchObject({ ok: false, error: { code: "sandbox/out-of-memory" } });
    await expectHealthy();
  });

  it("a script that catches its out-of-memory error may recover; the worker still rebuilds its module", async () => {
    const source = `function run() {
      try { const a = []; while (true) a.push(new Array(1e5).fill(1)); } catch (e) { return "recovered from " + e.message; }
    }`;
    expect(await run(source, { limits: { timeoutMs: 20_000 } })).toMatchObject({
      ok: true,
      output: "recovered from out of memory",
    });
    await expectHealthy();
  });

  it("reports out-of-memory when a script swallows the error but keeps holding the memory", async () => {
    const source = `function run() {
      const keep = [];
      try { while (true) keep.push(new Array(1e5).fill(1)); } catch {}
      return keep.map(() => new Array(1e5).fill(2)).length;
    }`;
    const result = await run(source, { limits: { timeoutMs: 20_000 } });
    expect(result).toMatchObject({ ok: false, error: { code: "sandbox/out-of-memory" } });
    await expectHealthy();
  });

  it("the memory limit is the wall: 40 MB fits in 128 MiB but not in 32 MiB", async () => {
    const source =
      "function run() { const a = new Uint8Array(40 * 1024 * 1024); a[a.length - 1] = 7; return a[a.length - 1]; }";
    expect(await run(source, { limits: { memoryMiB: 32 } })).toMatchObject({
      ok: false,
      error: { code: "sandbox/out-of-memory" },
    });
    expect(await run(source, { limits: { memoryMiB: 128 } })).toMatchObject({ ok: true, output: 7 });
  });

  it("reports input too large for the memory limit as out-of-memory", async () => {
    const input = { blob: "x".repeat(40 * MiB) };
    const result = await run(SIMPLE, { input, limits: { memoryMiB: 16 } });
    expect(result).toMatchObject({ ok: false, error: { code: "sandbox/out-of-memory" } });
    expect(!result.ok && result.error.message).toMatch(/input and config do not fit/);
    await expectHealthy();
  });
});
