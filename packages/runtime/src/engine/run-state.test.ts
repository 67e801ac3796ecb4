import { describe, expect, it } from "vitest";
import { cloneState, initialState, type RunState } from "./run-state.js";

function committed(): RunState {
  const state = initialState("a", { limit: 5 }, undefined, { name: "Acme" });
  state.steps.a = { output: { tier: "key" } };
  state.joins["j@s1"] = { arrived: 1, done: false };
  state.overlay = { "lead/L1": { name: "Acme" } };
  state.tokens[0]!.frames.push({ step: "each", items: [1, 2], index: 0, as: "item", results: [] });
  state.tokens[0]!.splits.push({ id: "s1", branches: 2 });
  return state;
}

describe("cloneState", () => {
  it("lets a step change everything steps change without touching the committed state", () => {
    const before = committed();
    const snapshot = structuredClone(before);
    const next = cloneState(before);
    const token = next.tokens[0]!;
    token.stepId = "b";
    token.attempt = 2;
    token.frames[0]!.index += 1;
    token.frames[0]!.results.push(1);
    token.splits.pop();
    next.tokens.push({ id: "t2", stepId: "c", status: "ready", attempt: 1, frames: [], splits: [] });
    next.steps.b = { output: 1 };
    next.joins["j@s1"]!.arrived += 1;
    next.overlay!["lead/L2"] = { name: "Beta" };
    next.seq += 1;
    expect(before).toEqual(snapshot);
  });

  it("shares what steps never change in place", () => {
    const before = committed();
    const next = cloneState(before);
    expect(next).toEqual(before);
    expect(next.steps.a).toBe(before.steps.a);
    expect(next.record).toBe(before.record);
    expect(next.vars).toBe(before.vars);
  });
});
