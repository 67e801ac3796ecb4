import { describe, expect, it } from "vitest";
import { execute, fakeStep } from "../testing.js";
import { assignComponent } from "./assign.js";

const rules = [
  { id: "east-hot", when: "band == 'hot' && record.region == 'east'", assignee: "'east.kam@acme.example'" },
  { id: "south", when: "record.region == 'south'", assignee: "record.south_owner" },
  { id: "hot", when: "band == 'hot'", assignee: "'hq@acme.example'" },
];

const assign = (config: Record<string, unknown>, scope: Record<string, unknown>) => {
  const step = fakeStep({
    component: "core.assign",
    config,
    scope,
    workflowId: "sales.intake",
    stepId: "route",
  });
  return { step, outcome: execute(assignComponent, step.ctx) };
};

describe("core.assign by rules", () => {
  it("takes the first rule that holds, and explains which rules were checked", async () => {
    const { outcome } = assign(
      { strategy: "rules", rules, fallback: "inside@acme.example" },
      { band: "hot", record: { region: "south", south_owner: "li@acme.example" } },
    );
    expect(await outcome).toEqual({
      kind: "completed",
      output: { assignee: "li@acme.example", rule: "south" },
      explanation: {
        summary: "Assigned to li@acme.example by rule 'south'.",
        rules: [
          { id: "east-hot", fired: false },
          { id: "south", fired: true },
          { id: "hot", fired: false, reason: "Not checked: an earlier rule applied." },
        ],
        inputs: { "record.region": "south" },
        result: { assignee: "li@acme.example", rule: "south" },
      },
    });
  });

  it("uses the fallback when no rule holds", async () => {
    const { outcome } = assign(
      { strategy: "rules", rules, fallback: "inside@acme.example" },
      { band: "cold", record: { region: "north" } },
    );
    expect(await outcome).toMatchObject({
      output: { assignee: "inside@acme.example", rule: "fallback" },
      explanation: { summary: "No rule applied; assigned to the fallback inside@acme.example." },
    });
  });

  it("fails with assign/no-match when no rule holds and there is no fallback", async () => {
    const { outcome } = assign({ strategy: "rules", rules }, { band: "cold", record: { region: "north" } });
    expect(await outcome).toMatchObject({
      kind: "failed",
      retryable: false,
      error: {
        code: "assign/no-match",
        message: "None of the 3 assignment rules of step 'route' applied, and there is no fallback.",
      },
    });
  });

  it("refuses a rule whose assignee is not a user id", async () => {
    const { outcome } = assign(
      { strategy: "rules", rules },
      { band: "cold", record: { region: "south", south_owner: null } },
    );
    expect(await outcome).toMatchObject({
      kind: "failed",
      error: { code: "component/invalid-config", message: expect.stringContaining("'rules[1].assignee'") },
    });
  });
});

describe("core.assign round-robin", () => {
  it("gives turns in pool order, counted per workflow and step", async () => {
    const pool = ["ana", "bo", "cy"];
    const step = fakeStep({
      component: "core.assign",
      config: { strategy: "round-robin", pool },
      workflowId: "sales.intake",
      stepId: "route",
    });
    const assignees: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const outcome = await execute(assignComponent, step.ctx);
      assignees.push(outcome.kind === "completed" && (outcome.output as { assignee: string }).assignee);
    }
    // The fake counter gives 1, 2, 3, 4: positions 1, 2, 0, 1 of the pool.
    expect(assignees).toEqual(["bo", "cy", "ana", "bo"]);
    expect(step.effects.counterKeys).toEqual(Array(4).fill("assign:sales.intake:route"));
  });

  it("explains the turn", async () => {
    const { outcome } = assign({ strategy: "round-robin", pool: ["ana", "bo"] }, {});
    expect(await outcome).toMatchObject({
      output: { assignee: "bo", rule: "round-robin" },
      explanation: {
        summary: "Round-robin turn 1: bo (position 2 of 2 in the pool).",
        inputs: { pool: ["ana", "bo"], turn: 1 },
      },
    });
  });

  it("refuses an empty pool", async () => {
    const { outcome } = assign({ strategy: "round-robin" }, {});
    expect(await outcome).toMatchObject({ kind: "failed", error: { code: "component/invalid-config" } });
  });
});
