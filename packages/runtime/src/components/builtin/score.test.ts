import { describe, expect, it } from "vitest";
import { execute, fakeStep } from "../testing.js";
import { bandFor, scoreComponent } from "./score.js";

const config = {
  base: 5,
  rules: [
    {
      id: "big-budget",
      when: "record.budget >= 500000",
      weight: 30,
      reason: "Stated budget {{ record.budget }} CNY is above 500,000.",
    },
    {
      id: "mid-size",
      when: "record.employees >= 200",
      weight: 15,
      reason: "{{ record.employees }} employees.",
    },
    { id: "no-email", when: "record.email == ''", weight: -10, reason: "No e-mail address." },
    { id: "erp", when: "'erp-integration' in record.interests", weight: 10 },
  ],
  bands: [
    { min: 0, label: "cold" },
    { min: 40, label: "warm" },
    { min: 60, label: "hot" },
  ],
};

const record = { budget: 800000, employees: 50, email: "", interests: ["erp-integration"], region: "east" };

describe("core.score", () => {
  it("adds the weights of the rules that hold to the base and picks the band", async () => {
    const { ctx } = fakeStep({ component: "core.score", config, scope: { record } });
    const outcome = await execute(scoreComponent, ctx);
    expect(outcome).toMatchObject({
      kind: "completed",
      output: { score: 35, band: "cold", fired: ["big-budget", "no-email", "erp"] },
    });
  });

  it("explains every rule, its weight and rendered reason, and the values it read", async () => {
    const { ctx } = fakeStep({ component: "core.score", config, scope: { record } });
    const outcome = await execute(scoreComponent, ctx);
    if (outcome.kind !== "completed") throw new Error("expected completed");
    expect(outcome.explanation).toEqual({
      summary: "Score 35 (cold): 3 of 4 rules fired — big-budget +30, no-email -10, erp +10.",
      rules: [
        { id: "big-budget", fired: true, weight: 30, reason: "Stated budget 800000 CNY is above 500,000." },
        { id: "mid-size", fired: false, weight: 15, reason: "50 employees." },
        { id: "no-email", fired: true, weight: -10, reason: "No e-mail address." },
        { id: "erp", fired: true, weight: 10 },
      ],
      inputs: {
        "record.budget": 800000,
        "record.employees": 50,
        "record.email": "",
        "record.interests": ["erp-integration"],
      },
      result: { base: 5, score: 35, band: "cold", fired: ["big-budget", "no-email", "erp"] },
    });
  });

  it("leaves out the reason of a rule that did not fire when it cannot be rendered", async () => {
    const { ctx } = fakeStep({
      component: "core.score",
      config: {
        rules: [{ id: "disc", when: "has(record.discount)", weight: 5, reason: "{{ record.discount }}%" }],
      },
      scope: { record: {} },
    });
    const outcome = await execute(scoreComponent, ctx);
    expect(outcome).toMatchObject({
      kind: "completed",
      output: { score: 0, fired: [] },
      explanation: { summary: "Score 0: no rule fired.", rules: [{ id: "disc", fired: false, weight: 5 }] },
    });
  });

  it("fails when a rule that fired has a reason that cannot be rendered", async () => {
    const { ctx } = fakeStep({
      component: "core.score",
      config: { rules: [{ id: "r", when: "true", weight: 1, reason: "{{ record.nope.deeper }}" }] },
      scope: { record: {} },
    });
    const outcome = await execute(scoreComponent, ctx);
    expect(outcome).toMatchObject({ kind: "failed", error: { code: "expression/error" } });
    expect(outcome.kind === "failed" && outcome.error.message).toMatch(/^In 'rules\[0\]\.reason': /);
  });

  it("refuses a condition that does not give true or false", async () => {
    const { ctx } = fakeStep({
      component: "core.score",
      config: { rules: [{ id: "r", when: "record.budget", weight: 1 }] },
      scope: { record },
    });
    expect(await execute(scoreComponent, ctx)).toMatchObject({
      kind: "failed",
      error: {
        code: "component/invalid-config",
        message: "'rules[0].when' must give true or false, but `record.budget` gave 800000.",
      },
    });
  });

  it("does not miss a band boundary through floating-point sums", async () => {
    const { ctx } = fakeStep({
      component: "core.score",
      config: {
        rules: [
          { id: "a", when: "true", weight: 0.1 },
          { id: "b", when: "true", weight: 0.2 },
        ],
        bands: [{ min: 0.3, label: "enough" }],
      },
    });
    expect(await execute(scoreComponent, ctx)).toMatchObject({ output: { score: 0.3, band: "enough" } });
  });
});

describe("bandFor", () => {
  const bands = [
    { min: 60, label: "hot" },
    { min: 0, label: "cold" },
    { min: 40, label: "warm" },
  ];
  it("takes the band with the highest minimum at or below the score, in any order", () => {
    expect(bandFor(40, bands)).toBe("warm");
    expect(bandFor(99, bands)).toBe("hot");
    expect(bandFor(-1, bands)).toBeUndefined();
    expect(bandFor(10, undefined)).toBeUndefined();
  });
});
