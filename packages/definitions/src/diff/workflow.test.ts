import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Step, Workflow } from "../schema/index.js";
import { parseSource } from "../yaml/index.js";
import { diffWorkflows, summarizeWorkflowDiff, type WorkflowDiff } from "./workflow.js";

const CONDITIONS = ["record.amount > 10.0", "vars.limit < 3", "event.payload.region == 'east'"];

const stepIds = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), { minLength: 2, maxLength: 6 });

/** A small workflow: 2–6 steps, each with a config and edges to other steps, some conditional. */
const workflows: fc.Arbitrary<Workflow> = stepIds.chain((ids) =>
  fc
    .tuple(
      ...ids.map((id) =>
        fc.record({
          component: fc.constantFrom("core.score", "core.notify", "core.set"),
          weight: fc.integer({ min: -100, max: 100 }),
          title: fc.constantFrom("Hello {{ record.id }}", "Done"),
          next: fc.uniqueArray(fc.constantFrom(...ids.filter((other) => other !== id)), { maxLength: 2 }),
          when: fc.option(fc.constantFrom(...CONDITIONS), { nil: undefined }),
        }),
      ),
    )
    .map((shapes) => ({
      kind: "workflow" as const,
      id: "wf",
      name: "Workflow",
      owner: "owner@example.com",
      region: "east",
      triggers: [{ type: "manual" as const }],
      start: ids[0] ?? "",
      steps: shapes.map((s, i): Step => ({
        id: ids[i] ?? "",
        component: s.component,
        config: { weight: s.weight, title: s.title },
        ...(s.next.length > 0
          ? { next: s.next.map((to, k) => (k === 0 && s.when !== undefined ? { to, when: s.when } : { to })) }
          : {}),
      })),
    })),
);

/** The parts of a diff that hold something, e.g. `["steps.changed"]`. */
function nonEmpty(diff: WorkflowDiff): string[] {
  const groups: Record<string, readonly unknown[]> = {
    "steps.added": diff.steps.added,
    "steps.removed": diff.steps.removed,
    "steps.changed": diff.steps.changed,
    "steps.moved": diff.steps.moved,
    "edges.added": diff.edges.added,
    "edges.removed": diff.edges.removed,
    "edges.changed": diff.edges.changed,
    "edges.reordered": diff.edges.reordered,
    triggers: diff.triggers,
    vars: diff.vars,
    policies: diff.policies,
    other: diff.other,
  };
  return Object.entries(groups)
    .filter(([, list]) => list.length > 0)
    .map(([name]) => name);
}

const pick = (workflow: Workflow) => fc.nat({ max: workflow.steps.length - 1 });
const stepAt = (workflow: Workflow, i: number): Step => {
  const step = workflow.steps[i];
  if (!step) throw new Error(`no step ${i}`);
  return step;
};

describe("diffWorkflows on random workflows", () => {
  it("finds nothing between a workflow and itself", () => {
    fc.assert(
      fc.property(workflows, (w) => {
        const diff = diffWorkflows(w, structuredClone(w));
        expect(diff.empty).toBe(true);
        expect(summarizeWorkflowDiff(diff)).toEqual([]);
      }),
    );
  });

  it("reports a changed config value as exactly that change", () => {
    fc.assert(
      fc.property(
        workflows.chain((w) => fc.tuple(fc.constant(w), pick(w))),
        ([w, i]) => {
          const after = structuredClone(w);
          const step = stepAt(after, i);
          const old = Number((stepAt(w, i).config as Record<string, unknown>).weight);
          step.config = { ...step.config, weight: old + 1 };
          const diff = diffWorkflows(w, after);
          expect(nonEmpty(diff)).toEqual(["steps.changed"]);
          expect(diff.steps.changed).toEqual([
            {
              id: step.id,
              changes: [
                {
                  path: ["steps", step.id, "config", "weight"],
                  label: "config.weight",
                  kind: "changed",
                  before: old,
                  after: old + 1,
                  expression: false,
                  summary: `step '${step.id}': config.weight ${old} → ${old + 1}`,
                },
              ],
            },
          ]);
        },
      ),
    );
  });

  it("reports an added step as exactly that step", () => {
    fc.assert(
      fc.property(
        workflows.chain((w) => fc.tuple(fc.constant(w), fc.nat({ max: w.steps.length }))),
        ([w, i]) => {
          const step: Step = { id: "new-step", component: "core.notify", config: { to: "record.owner" } };
          const after = { ...w, steps: [...w.steps.slice(0, i), step, ...w.steps.slice(i)] };
          const diff = diffWorkflows(w, after);
          expect(nonEmpty(diff)).toEqual(["steps.added"]);
          expect(diff.steps.added).toEqual([step]);
        },
      ),
    );
  });

  it("reports a removed step, with the edges leaving it, and nothing else", () => {
    fc.assert(
      fc.property(
        workflows.chain((w) => fc.tuple(fc.constant(w), pick(w))),
        ([w, i]) => {
          const removed = stepAt(w, i);
          const after = { ...w, steps: w.steps.filter((_, k) => k !== i) };
          const diff = diffWorkflows(w, after);
          expect(diff.steps.removed).toEqual([removed]);
          expect(diff.edges.removed.map((e) => [e.from, e.to])).toEqual(
            (removed.next ?? []).map((e) => [removed.id, e.to]),
          );
          const expected = removed.next?.length ? ["steps.removed", "edges.removed"] : ["steps.removed"];
          expect(nonEmpty(diff)).toEqual(expected);
        },
      ),
    );
  });

  it("reports a changed edge condition as exactly that edge", () => {
    const withEdge = workflows
      .filter((w) => w.steps.some((s) => (s.next?.length ?? 0) > 0))
      .chain((w) => {
        const from = w.steps.flatMap((s, i) => (s.next?.length ? [i] : []));
        return fc.tuple(fc.constant(w), fc.constantFrom(...from));
      });
    fc.assert(
      fc.property(withEdge, ([w, i]) => {
        const after = structuredClone(w);
        const step = stepAt(after, i);
        const edge = step.next?.[0];
        if (!edge) throw new Error("no edge");
        const before = edge.when;
        edge.when = "record.changed == true";
        const diff = diffWorkflows(w, after);
        expect(nonEmpty(diff)).toEqual(["edges.changed"]);
        expect(diff.edges.changed).toHaveLength(1);
        expect(diff.edges.changed[0]).toMatchObject({ from: step.id, to: edge.to });
        expect(diff.edges.changed[0]?.before.when).toBe(before);
        expect(diff.edges.changed[0]?.after.when).toBe("record.changed == true");
      }),
    );
  });

  it("reports a reordering of steps as one move, never as removal and addition", () => {
    const moves = workflows.chain((w) =>
      fc.tuple(fc.constant(w), pick(w), pick(w)).filter(([, a, b]) => a !== b),
    );
    fc.assert(
      fc.property(moves, ([w, from, to]) => {
        const steps = [...w.steps];
        const [moved] = steps.splice(from, 1);
        if (!moved) throw new Error("no step");
        steps.splice(to, 0, moved);
        const diff = diffWorkflows(w, { ...w, steps });
        expect(nonEmpty(diff)).toEqual(["steps.moved"]);
        expect(diff.steps.moved).toHaveLength(1);
        // Two neighbours swapped: either may be the one that moved.
        if (Math.abs(from - to) >= 2) expect(diff.steps.moved[0]).toMatchObject({ id: moved.id });
      }),
    );
  });

  it("ignores layout unless asked for it", () => {
    fc.assert(
      fc.property(workflows, (w) => {
        const after = { ...w, steps: w.steps.map((s, i) => ({ ...s, layout: { x: i * 100, y: 0 } })) };
        expect(diffWorkflows(w, after).empty).toBe(true);
        expect(diffWorkflows(w, after, { layout: true }).steps.changed).toHaveLength(w.steps.length);
      }),
    );
  });
});

const example = path.resolve(import.meta.dirname, "../../../../examples/trade-in/trade-in.workflow.yaml");
const text = readFileSync(example, "utf8");

function read(yaml: string): Workflow {
  const parsed = parseSource(yaml, "trade-in.workflow.yaml");
  expect(parsed.diagnostics).toEqual([]);
  return parsed.document?.value as Workflow;
}

/** The trade-in workflow after a realistic edit: heavier wear penalty, a regional check before routing. */
const EDITED = text
  .replace("weight: -15", "weight: -20")
  .replace(
    "      - to: route\n\n  - id: route",
    [
      "      - to: regional_check",
      "",
      "  - id: regional_check",
      "    name: East-region credit check",
      "    component: core.switch",
      "    next:",
      "      - to: route",
      "        when: record.customer_name != ''",
      "      - to: decline",
      "",
      "  - id: route",
    ].join("\n"),
  )
  .replace('directorThreshold: "500000.0"', 'directorThreshold: "400000.0"');

describe("diffWorkflows on the trade-in example", () => {
  const before = read(text);
  const after = read(EDITED);

  it("finds nothing between the example and itself", () => {
    expect(diffWorkflows(before, read(text)).empty).toBe(true);
  });

  it("summarises a raised weight, a new regional step and a new threshold", () => {
    const diff = diffWorkflows(before, after);
    expect(summarizeWorkflowDiff(diff)).toEqual([
      "step 'regional_check' added (core.switch)",
      "step 'condition': config.rules[heavy-use].weight -15 → -20",
      "edge 'residual' → 'route' removed",
      "edge 'residual' → 'regional_check' added",
      "edge 'regional_check' → 'route' added when record.customer_name != ''",
      "edge 'regional_check' → 'decline' added",
      "vars.directorThreshold '500000.0' → '400000.0'",
    ]);
    expect(diff.vars[0]?.expression).toBe(true);
    expect(diff.steps.changed[0]?.changes[0]?.expression).toBe(false);
  });

  it("flags a changed condition in a step's config as an expression change", () => {
    const edited = text.replace(
      "when: steps.depreciate.output.wearFactor < 0.25",
      "when: steps.depreciate.output.wearFactor < 0.2",
    );
    const [change] = diffWorkflows(before, read(edited)).steps.changed[0]?.changes ?? [];
    expect(change).toMatchObject({
      path: ["steps", "condition", "config", "rules", "heavy-use", "when"],
      expression: true,
      summary:
        "step 'condition': config.rules[heavy-use].when 'steps.depreciate.output.wearFactor < 0.25' → 'steps.depreciate.output.wearFactor < 0.2'",
    });
  });
});
