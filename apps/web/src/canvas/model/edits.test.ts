import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  addStep,
  connect,
  deleteStep,
  disconnect,
  freshStepId,
  renameStep,
  setStepConfig,
  setStepName,
} from "./edits";
import { readGraph } from "./graph";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const tradeIn = fixture("trade-in.workflow.yaml");
const small = fixture("commented-small.workflow.yaml");

describe("canvas edits", () => {
  it("adds a step and an edge, leaving every other byte of the file as it was", () => {
    const added = addStep(tradeIn, "core.send-email");
    const text = connect(added.text, "appraise", added.id);

    expect(added.id).toBe(freshStepId(readGraph(tradeIn)));
    // The original text is still there, in order, with only the new edge and the new step inserted.
    const newEdge = `      - to: ${added.id}\n`;
    const newStep = `  - id: ${added.id}\n    component: core.send-email\n`;
    const edgeAt = text.indexOf(newEdge);
    const stepAt = text.indexOf(newStep);
    expect(edgeAt).toBeGreaterThan(0);
    expect(stepAt).toBeGreaterThan(edgeAt);
    const restored = text.slice(0, stepAt) + text.slice(stepAt + newStep.length);
    expect(restored.slice(0, edgeAt) + restored.slice(edgeAt + newEdge.length)).toBe(tradeIn);
  });

  it("names fresh steps step_N without clashing", () => {
    const once = addStep(small, "core.wait");
    const twice = addStep(once.text, "core.wait");
    expect(once.id).toBe("step_3");
    expect(twice.id).toBe("step_4");
  });

  it("does not add an edge twice", () => {
    expect(connect(small, "first", "second")).toBe(small);
  });

  it("deletes a step and the edges that lead to it", () => {
    const text = deleteStep(small, "second");
    const value = parse(text);
    expect(value.steps.map((s: { id: string }) => s.id)).toEqual(["first"]);
    expect(value.steps[0].next).toBeUndefined();
    expect(text).toContain("# yaml-language-server: $schema=../../schema.json\nkind: workflow\n");
    expect(text).toContain("  # The first step greets.\n");
  });

  it("removes one edge", () => {
    const edge = readGraph(small).edges.find((e) => e.source === "second")!;
    expect(parse(disconnect(small, edge.id)).steps[1].next).toBeUndefined();
  });

  it("renames a step and every reference to it", () => {
    const value = parse(renameStep(small, "first", "greet"));
    expect(value.start).toBe("greet");
    expect(value.steps[0].id).toBe("greet");
    expect(value.steps[1].next).toEqual([{ to: "greet" }]);
  });

  it("sets and clears a step's name", () => {
    expect(parse(setStepName(small, "second", "Wait a day")).steps[1].name).toBe("Wait a day");
    expect(parse(setStepName(small, "first", "")).steps[0].name).toBeUndefined();
  });

  it("writes only the config entries that changed", () => {
    const text = setStepConfig(tradeIn, "depreciate", { method: "straight-line", usefulLifeYears: 12 });
    expect(text).toBe(tradeIn.replace("method: declining-balance", "method: straight-line"));
  });

  it("reads for-each bodies as nested steps with a body edge", () => {
    const text = [
      "start: loop",
      "steps:",
      "  - id: loop",
      "    component: core.for-each",
      "    body:",
      "      start: inner",
      "      steps:",
      "        - id: inner",
      "          component: core.wait",
      "",
    ].join("\n");
    const graph = readGraph(text);
    expect(graph.steps.map((s) => [s.id, s.parent])).toEqual([
      ["loop", undefined],
      ["inner", "loop"],
    ]);
    expect(graph.edges.map((e) => [e.kind, e.source, e.target])).toEqual([["body", "loop", "inner"]]);
  });
});
