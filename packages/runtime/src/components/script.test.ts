import type { Component } from "@switchyard/definitions";
import { describe, expect, it } from "vitest";
import { scriptImplementation } from "./script.js";
import { execute, fakeSandbox, fakeStep } from "./testing.js";

const SOURCE = "export function run(input, config) { return { rebate: input.netSales * config.rate }; }";

const rebate: Component = {
  kind: "component",
  id: "rebate.calc",
  version: "2.3.0",
  name: "Rebate",
  owner: "finance@acme.example",
  config: {
    type: "object",
    properties: {
      rate: { type: "number" },
      label: { type: "string", format: "cel-template" },
      tiers: { type: "object", additionalProperties: { type: "string", format: "cel" } },
    },
    required: ["rate"],
  },
  input: { type: "object", required: ["netSales"], properties: { netSales: { type: "number" } } },
  output: {
    type: "object",
    additionalProperties: false,
    required: ["rebate"],
    properties: { rebate: { type: "number" } },
  },
  effects: ["none"],
  capabilities: ["log"],
  implementation: {
    type: "script",
    language: "javascript",
    source: SOURCE,
    limits: { memoryMiB: 16, timeoutMs: 100 },
  },
};

const ok = (output: unknown) => ({ ok: true as const, output, logs: [], durationMs: 3 });

function scriptStep(
  manifest: Component,
  reply: Parameters<typeof fakeSandbox>[0],
  more: Record<string, unknown> = {},
) {
  const sandbox = fakeSandbox(reply);
  const step = fakeStep({
    manifest,
    config: { rate: 0.02 },
    inputs: { netSales: 1000 },
    sandbox,
    ...more,
  });
  return { sandbox, outcome: execute(scriptImplementation(manifest), step.ctx) };
}

describe("script components", () => {
  it("runs the source with the inputs, config, limits and capabilities of the manifest", async () => {
    const { sandbox, outcome } = scriptStep(rebate, ok({ rebate: 20 }));
    expect(await outcome).toEqual({ kind: "completed", output: { rebate: 20 } });
    expect(sandbox.calls).toEqual([
      {
        source: SOURCE,
        input: { netSales: 1000 },
        config: { rate: 0.02 },
        limits: { memoryMiB: 16, timeoutMs: 100 },
        capabilities: ["log"],
      },
    ]);
  });

  it("evaluates the config's CEL settings before the script sees them", async () => {
    const { sandbox, outcome } = scriptStep(rebate, ok({ rebate: 1 }), {
      config: { rate: 0.02, label: "For {{ record.name }}", tiers: { gold: "record.tier == 'gold'" } },
      scope: { record: { name: "Acme", tier: "gold" } },
    });
    await outcome;
    expect(sandbox.calls[0]?.config).toEqual({ rate: 0.02, label: "For Acme", tiers: { gold: true } });
  });

  it("maps a sandbox error to a step error with the same code and the script's position", async () => {
    const { outcome } = scriptStep(rebate, {
      ok: false,
      error: {
        code: "sandbox/script-error",
        message: "TypeError: x is undefined",
        hint: "Fix it.",
        line: 3,
        column: 7,
      },
      logs: [],
      durationMs: 1,
    });
    expect(await outcome).toEqual({
      kind: "failed",
      retryable: false,
      error: {
        code: "sandbox/script-error",
        message: "'rebate.calc' 2.3.0: TypeError: x is undefined (line 3, column 7)",
        hint: "Fix it.",
      },
    });
  });

  it("retries only a crashed sandbox", async () => {
    const crash = { code: "sandbox/crashed" as const, message: "The worker stopped.", hint: "Retry." };
    const timeout = { code: "sandbox/timeout" as const, message: "Too slow.", hint: "Do less." };
    const reply = (error: typeof crash | typeof timeout) => ({
      ok: false as const,
      error,
      logs: [],
      durationMs: 1,
    });
    expect(await scriptStep(rebate, reply(crash)).outcome).toMatchObject({ retryable: true });
    expect(await scriptStep(rebate, reply(timeout)).outcome).toMatchObject({
      retryable: false,
      error: { code: "sandbox/timeout" },
    });
  });

  it("refuses output that does not fit the output schema, field by field", async () => {
    const { outcome } = scriptStep(rebate, ok({ rebate: "twenty", extra: 1 }));
    expect(await outcome).toMatchObject({
      kind: "failed",
      error: {
        code: "component/invalid-output",
        details: [
          { field: "(root)", message: "must NOT have additional properties" },
          { field: "rebate", message: "must be number" },
        ],
      },
    });
  });

  it("refuses inputs that do not fit the input schema, without running the script", async () => {
    const { sandbox, outcome } = scriptStep(rebate, ok({ rebate: 1 }), { inputs: { netSales: "lots" } });
    expect(await outcome).toMatchObject({ kind: "failed", error: { code: "component/invalid-input" } });
    expect(sandbox.calls).toEqual([]);
  });

  it("fails clearly when only a file was given and its code was not inlined", async () => {
    const fileOnly: Component = {
      ...rebate,
      implementation: { type: "script", language: "javascript", file: "rebate.js" },
    };
    const { sandbox, outcome } = scriptStep(fileOnly, ok({}));
    expect(await outcome).toMatchObject({
      kind: "failed",
      error: {
        code: "component/no-source",
        message:
          "Component 'rebate.calc' 2.3.0 has the file 'rebate.js' but no inline source, so there is nothing to run.",
      },
    });
    expect(sandbox.calls).toEqual([]);
  });

  it("turns a rejected call (a caller's mistake) into a step error with its code", async () => {
    const { SwitchyardError } = await import("@switchyard/definitions");
    const { outcome } = scriptStep(rebate, () => {
      throw new SwitchyardError("sandbox/invalid-input", "The input is not JSON.", {
        category: "bug",
        hint: "h",
      });
    });
    expect(await outcome).toMatchObject({
      kind: "failed",
      error: { code: "sandbox/invalid-input", message: "The input is not JSON." },
    });
  });
});
