import type { Component } from "@switchyard/definitions";
import { afterAll, describe, expect, it } from "vitest";
import { createSandbox } from "../sandbox/index.js";
import { scriptImplementation } from "./script.js";
import { execute, fakeStep } from "./testing.js";

// The script component against the real sandbox: the example of docs/components.md, end to end.
const sandbox = createSandbox({ workers: 1 });
afterAll(() => sandbox.close());

const rebate: Component = {
  kind: "component",
  id: "rebate.distributor-rebate",
  version: "2.3.0",
  name: "Distributor rebate",
  owner: "finance.channel@acme.example",
  config: {
    type: "object",
    required: ["rates"],
    properties: {
      rates: { type: "object", properties: { silver: { type: "number" }, gold: { type: "number" } } },
      label: { type: "string", format: "cel-template" },
    },
  },
  output: {
    type: "object",
    additionalProperties: false,
    properties: { rebate: { type: "number" }, label: {} },
  },
  effects: ["none"],
  capabilities: ["log"],
  implementation: {
    type: "script",
    language: "javascript",
    limits: { memoryMiB: 16, timeoutMs: 1000 },
    source: `export function run(input, config) {
  return { rebate: Math.round(input.netSales * config.rates[input.tier] * 100) / 100, label: config.label };
}`,
  },
};

describe("script components in the real sandbox", () => {
  it("runs run(input, config) with evaluated inputs and config", async () => {
    const { ctx } = fakeStep({
      manifest: rebate,
      config: { rates: { silver: 0.01, gold: 0.02 }, label: "For {{ record.name }}" },
      inputs: { netSales: 12345.67, tier: "gold" },
      scope: { record: { name: "Acme" } },
      sandbox,
    });
    expect(await execute(scriptImplementation(rebate), ctx)).toEqual({
      kind: "completed",
      output: { rebate: 246.91, label: "For Acme" },
    });
  });

  it("reports a script error with its code and line", async () => {
    const { ctx } = fakeStep({
      manifest: rebate,
      config: { rates: {} },
      inputs: { netSales: 1, tier: "gold" },
      sandbox,
    });
    const broken: Component = {
      ...rebate,
      implementation: {
        type: "script",
        language: "javascript",
        source: "export function run() {\n  return nope.x;\n}",
      },
    };
    const outcome = await execute(scriptImplementation(broken), ctx);
    expect(outcome).toMatchObject({
      kind: "failed",
      retryable: false,
      error: { code: "sandbox/script-error" },
    });
    expect(outcome.kind === "failed" && outcome.error.message).toMatch(
      /^'rebate\.distributor-rebate' 2\.3\.0: .*\(line 2/,
    );
  });
});
