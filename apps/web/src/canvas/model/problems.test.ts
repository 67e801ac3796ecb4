import { validateSources } from "@switchyard/definitions";
import { describe, expect, it } from "vitest";
import { readGraph } from "./graph";
import { configFieldErrors, parsePath, problemsByStep } from "./problems";

const text = `kind: workflow
id: demo.bad
name: Bad
owner: li.wei@acme.example
region: east
triggers:
  - type: manual
start: first
steps:
  - id: first
    component: core.wait
    next: [{ to: second }]
  - id: second
    component: core.switch
    next:
      - to: first
        when: record.amount >
`;

describe("problems", () => {
  it("puts each diagnostic on the step its path is in", () => {
    const report = validateSources([{ path: "demo.bad.workflow.yaml", text }]);
    const byStep = problemsByStep(readGraph(text), report.diagnostics);
    expect(byStep.get("second")?.length).toBeGreaterThan(0);
  });

  it("shapes config diagnostics for the form's fields", () => {
    const step = readGraph(text).steps[0]!;
    const errors = configFieldErrors(step, [
      {
        code: "cel/syntax" as never,
        severity: "error",
        message: "Bad.",
        hint: "Fix it.",
        path: [...step.path, "config", "until"],
      },
    ]);
    expect(errors).toEqual({ until: { __errors: ["Bad. Fix it."] } });
  });
});

describe("parsePath", () => {
  it("reads the API's formatted paths back into segments", () => {
    expect(parsePath("steps[2].next[0].to")).toEqual(["steps", 2, "next", 0, "to"]);
    expect(parsePath("start")).toEqual(["start"]);
    expect(parsePath("steps[0].config.due")).toEqual(["steps", 0, "config", "due"]);
  });
});
