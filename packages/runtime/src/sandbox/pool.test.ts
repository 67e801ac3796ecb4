import { describe, expect, it } from "vitest";
import { createSandbox } from "./index.js";
import { WorkerPool } from "./pool.js";
import { sandboxOnPool } from "./sandbox.js";
import { workerBoot } from "./worker-boot.js";

// The pool: crash isolation, concurrency and shutdown.
const SPIN = "function run() { while (true) {} }";
const DOUBLE = "function run(input) { return { n: input.n, doubled: input.n * 2 }; }";

describe("crash isolation", () => {
  it("a worker that dies fails only its own call, and the next call succeeds", async () => {
    const pool = new WorkerPool({ workers: 2, boot: workerBoot() });
    const sandbox = sandboxOnPool(pool);
    try {
      const doomed = sandbox.run({ source: SPIN, input: null, config: null, limits: { timeoutMs: 30_000 } });
      const bystander = sandbox.run({ source: DOUBLE, input: { n: 4 }, config: null });
      // Wait until the spinning call is running on a worker, then kill that worker as a native
      // crash or an external kill would.
      expect(await bystander).toMatchObject({ ok: true, output: { doubled: 8 } });
      while ((await pool.killBusyWorkersForTesting()) === 0)
        await new Promise((resolve) => setTimeout(resolve, 10));
      const result = await doomed;
      expect(result).toMatchObject({ ok: false, error: { code: "sandbox/crashed" } });
      expect(!result.ok && result.error.message).toMatch(/worker exited/);
      expect(await sandbox.run({ source: DOUBLE, input: { n: 5 }, config: null })).toMatchObject({
        ok: true,
        output: { doubled: 10 },
      });
    } finally {
      await sandbox.close();
    }
  });
  it("an exception inside the worker itself fails only its own call", async () => {
    // A capability the worker has no installer for (only a host bug could send one) makes the
    // worker's own code throw: the same path a WebAssembly trap or a QuickJS abort takes.
    const pool = new WorkerPool({ workers: 1, boot: workerBoot() });
    const sandbox = sandboxOnPool(pool);
    try {
      const broken = await pool.run({
        source: DOUBLE,
        scriptType: "global",
        inputJson: "{}",
        configJson: "null",
        memoryPages: 512,
        timeoutMs: 1000,
        capabilities: ["no-such-installer"],
      });
      expect(broken).toMatchObject({
        kind: "crashed",
        reason: expect.stringMatching(/no installer for the capability/),
      });
      expect(await sandbox.run({ source: DOUBLE, input: { n: 2 }, config: null })).toMatchObject({
        ok: true,
        output: { doubled: 4 },
      });
    } finally {
      await sandbox.close();
    }
  });
});

describe("concurrency", () => {
  it("200 concurrent calls on two workers all return their own results", async () => {
    const sandbox = createSandbox({ workers: 2 });
    try {
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, n) => sandbox.run({ source: DOUBLE, input: { n }, config: null })),
      );
      expect(results.map((result) => (result.ok ? result.output : result.error))).toEqual(
        Array.from({ length: 200 }, (_, n) => ({ n, doubled: n * 2 })),
      );
    } finally {
      await sandbox.close();
    }
  });

  it("a slow call on one worker does not block calls on the other", async () => {
    const sandbox = createSandbox({ workers: 2 });
    try {
      const slow = sandbox.run({ source: SPIN, input: null, config: null, limits: { timeoutMs: 500 } });
      const quick = await Promise.all(
        [1, 2, 3].map((n) => sandbox.run({ source: DOUBLE, input: { n }, config: null })),
      );
      expect(quick.every((result) => result.ok)).toBe(true);
      expect(await slow).toMatchObject({ ok: false, error: { code: "sandbox/timeout" } });
    } finally {
      await sandbox.close();
    }
  });
});

describe("shutdown", () => {
  it("close() ends running and queued calls as crashed, and later calls reject", async () => {
    const sandbox = createSandbox({ workers: 1 });
    const running = sandbox.run({ source: SPIN, input: null, config: null, limits: { timeoutMs: 30_000 } });
    const queued = sandbox.run({ source: DOUBLE, input: { n: 1 }, config: null });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await sandbox.close();
    expect(await running).toMatchObject({ ok: false, error: { code: "sandbox/crashed" } });
    expect(await queued).toMatchObject({ ok: false, error: { code: "sandbox/crashed" } });
    await expect(sandbox.run({ source: DOUBLE, input: { n: 1 }, config: null })).rejects.toMatchObject({
      code: "sandbox/closed",
    });
  });

  it("close() is idempotent", async () => {
    const sandbox = createSandbox();
    await sandbox.close();
    await expect(sandbox.close()).resolves.toBeUndefined();
  });
});
