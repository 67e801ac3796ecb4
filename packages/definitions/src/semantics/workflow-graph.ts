import { suggestionHint } from "../diagnostics/index.js";
import type { Step, Workflow } from "../schema/index.js";
import type { Reporter } from "./report.js";

/** One scope of steps: the workflow's top level, or a for-each body. */
interface Scope {
  readonly start: string;
  readonly steps: readonly Step[];
  readonly path: (string | number)[];
}

/** Calls `visit` for each step in the workflow, nested bodies included, with its path. */
export function forEachStep(
  workflow: Workflow,
  visit: (step: Step, path: (string | number)[]) => void,
): void {
  const walk = (steps: readonly Step[], path: (string | number)[]) =>
    steps.forEach((step, i) => {
      const stepPath = [...path, i];
      visit(step, stepPath);
      if (step.body) walk(step.body.steps, [...stepPath, "body", "steps"]);
    });
  walk(workflow.steps, ["steps"]);
}

/**
 * Structural checks on the step graph: ids unique across the workflow (expressions address steps
 * as `steps.<id>`), edges and fallbacks point at steps of the same scope, every step reachable,
 * every cycle has a way out, unconditional edges last.
 */
export function checkGraph(workflow: Workflow, report: Reporter): void {
  const seen = new Map<string, (string | number)[]>();
  forEachStep(workflow, (step, path) => {
    if (seen.has(step.id)) {
      report.error(
        "graph/duplicate-step",
        [...path, "id"],
        `Two steps are called '${step.id}'.`,
        "Give each step its own id; expressions refer to steps by id.",
      );
    } else seen.set(step.id, path);
  });
  checkScope({ start: workflow.start, steps: workflow.steps, path: [] }, report, true);
  forEachStep(workflow, (step, path) => {
    if (step.body)
      checkScope({ start: step.body.start, steps: step.body.steps, path: [...path, "body"] }, report, false);
  });
}

function checkScope(scope: Scope, report: Reporter, topLevel: boolean): void {
  const ids = scope.steps.map((s) => s.id);
  const known = new Set(ids);
  const where = topLevel ? "this workflow" : "this for-each body";
  if (!known.has(scope.start)) {
    report.error(
      "graph/unknown-start",
      [...scope.path, "start"],
      `The start step '${scope.start}' is not a step of ${where}.`,
      suggestionHint(scope.start, ids, "Steps"),
    );
    return;
  }
  const successors = new Map<string, string[]>();
  scope.steps.forEach((step, i) => {
    const stepPath = [...scope.path, "steps", i];
    const targets: string[] = [];
    const edges = step.next ?? [];
    const targetsSeen = new Set<string>();
    edges.forEach((edge, j) => {
      const edgePath = [...stepPath, "next", j];
      if (!known.has(edge.to)) {
        report.error(
          "graph/unknown-step",
          [...edgePath, "to"],
          `Step '${step.id}' goes to '${edge.to}', which is not a step of ${where}.`,
          suggestionHint(edge.to, ids, "Steps"),
        );
      } else targets.push(edge.to);
      if (targetsSeen.has(edge.to)) {
        report.error(
          "graph/duplicate-edge",
          [...edgePath, "to"],
          `Step '${step.id}' has two edges to '${edge.to}'.`,
          "Merge the two edges into one, joining their conditions with ||.",
        );
      }
      targetsSeen.add(edge.to);
      const isSplit = step.component.split("@")[0] === "core.parallel";
      if (!isSplit && edge.when === undefined && j < edges.length - 1) {
        report.error(
          "graph/default-edge-not-last",
          edgePath,
          `The edge from '${step.id}' to '${edge.to}' has no condition, so the edges after it are never taken.`,
          "Move the edge without 'when' to the end: it is the default.",
        );
      }
    });
    if (
      edges.length > 0 &&
      edges.every((e) => e.when !== undefined) &&
      step.component.split("@")[0] !== "core.parallel"
    ) {
      report.warning(
        "graph/no-default-edge",
        [...stepPath, "next"],
        `Every edge out of '${step.id}' has a condition; when none holds, the run fails with route/no-match.`,
        "Add a last edge without 'when' for everything else.",
      );
    }
    const fallback = step.onError?.fallback;
    if (fallback !== undefined) {
      if (!known.has(fallback)) {
        report.error(
          "graph/unknown-step",
          [...stepPath, "onError", "fallback"],
          `The fallback of '${step.id}' is '${fallback}', which is not a step of ${where}.`,
          suggestionHint(fallback, ids, "Steps"),
        );
      } else targets.push(fallback);
    }
    successors.set(step.id, targets);
  });
  const reachable = reachableFrom(scope.start, successors);
  const componentOf = (step: Step) => step.component.split("@")[0];
  const afterSplit = new Set<string>();
  for (const split of scope.steps.filter((s) => componentOf(s) === "core.parallel")) {
    for (const id of reachableFrom(split.id, successors)) if (id !== split.id) afterSplit.add(id);
  }
  scope.steps.forEach((step, i) => {
    if (componentOf(step) === "core.join" && !afterSplit.has(step.id)) {
      report.error(
        "graph/join-without-split",
        [...scope.path, "steps", i, "component"],
        `Join step '${step.id}' does not follow a parallel split, so it has no branches to wait for.`,
        "Put a core.parallel step before the branches that lead here, or use core.switch.",
      );
    }
  });
  scope.steps.forEach((step, i) => {
    if (!reachable.has(step.id)) {
      report.error(
        "graph/unreachable-step",
        [...scope.path, "steps", i, "id"],
        `Step '${step.id}' can never run: no edge leads to it from '${scope.start}'.`,
        "Connect it with a 'next' edge from another step, or delete it.",
      );
    }
  });
  for (const cycle of closedCycles(ids, successors)) {
    const index = ids.indexOf(cycle[0] ?? "");
    report.error(
      "graph/no-exit-loop",
      [...scope.path, "steps", index, "id"],
      `The steps ${cycle.map((s) => `'${s}'`).join(" → ")} form a loop with no way out, so a run could never end.`,
      "Add an edge with a condition that leaves the loop, e.g. when the retry count is reached.",
    );
  }
}

function reachableFrom(start: string, successors: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.pop() ?? "";
    for (const next of successors.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/**
 * Strongly connected components (Tarjan, iterative) that are cycles and have no edge leaving
 * them: once a run enters one it can never finish.
 */
export function closedCycles(
  ids: readonly string[],
  successors: ReadonlyMap<string, readonly string[]>,
): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (!frame) break;
      const succ = successors.get(frame.id) ?? [];
      if (frame.next < succ.length) {
        const w = succ[frame.next++] ?? "";
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ id: w, next: 0 });
        } else if (onStack.has(w)) low.set(frame.id, Math.min(low.get(frame.id) ?? 0, index.get(w) ?? 0));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let w: string | undefined;
        do {
          w = stack.pop();
          if (w === undefined) break;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.id);
        components.push(component.reverse());
      }
    }
  }
  return components.filter((c) => {
    const members = new Set(c);
    const isCycle = c.length > 1 || (successors.get(c[0] ?? "") ?? []).includes(c[0] ?? "");
    const leaves = c.some(
      (id) =>
        (successors.get(id) ?? []).some((t) => !members.has(t)) || (successors.get(id) ?? []).length === 0,
    );
    return isCycle && !leaves;
  });
}
