import type { Edge, Step, Workflow } from "../schema/index.js";
import { forEachStep } from "../semantics/workflow-graph.js";
import { type Change, type DiffOptions, deepEqual, diffValues, movedIds } from "./structural.js";
import { describeValue } from "./summary.js";

/** A structural change with what it means: whether the value is an expression, and one line to show. */
export interface WorkflowChange extends Change {
  /** True when the changed value is a CEL expression or template (a condition, binding or string setting). */
  readonly expression: boolean;
  /** One line for people, e.g. `step 'score': config.rules[big-budget].weight 30 → 40`. */
  readonly summary: string;
}

/** An edge between two steps; `when` is its condition, absent for an unconditional edge. */
export interface EdgeRef {
  readonly from: string;
  readonly to: string;
  readonly when?: string;
  readonly label?: string;
}

/** An edge whose condition or label changed. */
export interface EdgeChange {
  readonly from: string;
  readonly to: string;
  readonly before: EdgeRef;
  readonly after: EdgeRef;
  readonly summary: string;
}

/** A step that changed place: its index in its scope before and after, and the scope (`steps`, or a for-each body). */
export interface StepMove {
  readonly id: string;
  readonly from: { readonly scope: string; readonly index: number };
  readonly to: { readonly scope: string; readonly index: number };
  readonly summary: string;
}

/** What changed between two versions of a workflow, sorted by meaning. */
export interface WorkflowDiff {
  readonly steps: {
    readonly added: readonly Step[];
    readonly removed: readonly Step[];
    readonly changed: readonly { readonly id: string; readonly changes: readonly WorkflowChange[] }[];
    readonly moved: readonly StepMove[];
  };
  readonly edges: {
    readonly added: readonly EdgeRef[];
    readonly removed: readonly EdgeRef[];
    readonly changed: readonly EdgeChange[];
    /** Steps whose outgoing edges are tried in a new order (the first that holds is taken). */
    readonly reordered: readonly string[];
  };
  readonly triggers: readonly WorkflowChange[];
  readonly vars: readonly WorkflowChange[];
  /** Changes to the `breaker` and `shadow` policies. */
  readonly policies: readonly WorkflowChange[];
  /** Everything else at the top level: name, owner, region, entity, tags, start… */
  readonly other: readonly WorkflowChange[];
  /** True when the two versions mean the same (layout aside, unless asked for). */
  readonly empty: boolean;
}

interface Placed {
  readonly step: Step;
  readonly scope: string;
  readonly index: number;
}

function placeSteps(workflow: Workflow): Map<string, Placed> {
  const placed = new Map<string, Placed>();
  forEachStep(workflow, (step, path) => {
    const index = path[path.length - 1];
    const scope = path.slice(0, -1).join(".");
    if (!placed.has(step.id))
      placed.set(step.id, { step, scope, index: typeof index === "number" ? index : 0 });
  });
  return placed;
}

/** The step as diffed on its own: without its edges (diffed as edges) and its body's steps (steps themselves). */
function ownFields(step: Step, options: DiffOptions): Record<string, unknown> {
  const { next: _next, body, layout, ...rest } = step;
  const own: Record<string, unknown> = body ? { ...rest, body: { start: body.start } } : rest;
  return options.layout && layout ? { ...own, layout } : own;
}

const EXPRESSION_KEYS = new Set(["when", "filter"]);

/** Whether a changed value is an expression: conditions, filters, vars, inputs and string settings. */
function isExpression(change: Change, area: "step" | "top"): boolean {
  const value = change.after ?? change.before;
  if (typeof value !== "string") return false;
  const last = change.path[change.path.length - 1];
  if (typeof last === "string" && EXPRESSION_KEYS.has(last)) return true;
  const first = change.path[area === "step" ? 2 : 0];
  return first === "vars" || first === "inputs" || first === "config";
}

function explain(change: Change, prefix: string, area: "step" | "top"): WorkflowChange {
  const where = prefix ? `${prefix}: ${change.label}` : change.label;
  let summary: string;
  if (change.kind === "added") summary = `${where} added: ${describeValue(change.after)}`;
  else if (change.kind === "removed") summary = `${where} removed (was ${describeValue(change.before)})`;
  else if (change.kind === "moved")
    summary = `${where} moved from position ${Number(change.before) + 1} to ${Number(change.after) + 1}`;
  else summary = `${where} ${describeValue(change.before)} → ${describeValue(change.after)}`;
  return { ...change, expression: isExpression(change, area), summary };
}

function diffSteps(before: Workflow, after: Workflow, options: DiffOptions): WorkflowDiff["steps"] {
  const old = placeSteps(before);
  const now = placeSteps(after);
  const added = [...now.values()].filter((p) => !old.has(p.step.id)).map((p) => p.step);
  const removed = [...old.values()].filter((p) => !now.has(p.step.id)).map((p) => p.step);
  const changed: { id: string; changes: WorkflowChange[] }[] = [];
  for (const [id, placed] of now) {
    const was = old.get(id);
    if (!was) continue;
    const explained = diffValues(ownFields(was.step, options), ownFields(placed.step, options), options).map(
      (c) => explain({ ...c, path: ["steps", id, ...c.path] }, `step '${id}'`, "step"),
    );
    if (explained.length > 0) changed.push({ id, changes: explained });
  }
  return { added, removed, changed, moved: diffPlaces(old, now) };
}

function diffPlaces(old: Map<string, Placed>, now: Map<string, Placed>): StepMove[] {
  const moves: StepMove[] = [];
  const scopes = new Set([...now.values()].map((p) => p.scope));
  for (const scope of scopes) {
    const inScope = (places: Map<string, Placed>) =>
      [...places.values()].filter(
        (p) => p.scope === scope && old.get(p.step.id)?.scope === scope && now.has(p.step.id),
      );
    const order = (list: Placed[]) => list.map((p) => p.step.id);
    for (const id of movedIds(order(inScope(old)), order(inScope(now)))) moves.push(move(id, old, now));
  }
  for (const [id, placed] of now) {
    const was = old.get(id);
    if (was && was.scope !== placed.scope) moves.push(move(id, old, now));
  }
  return moves;
}

function move(id: string, old: Map<string, Placed>, now: Map<string, Placed>): StepMove {
  const was = old.get(id);
  const is = now.get(id);
  const from = { scope: was?.scope ?? "", index: was?.index ?? 0 };
  const to = { scope: is?.scope ?? "", index: is?.index ?? 0 };
  const where = from.scope === to.scope ? "" : ` of ${to.scope}`;
  return {
    id,
    from,
    to,
    summary: `step '${id}' moved from position ${from.index + 1} to ${to.index + 1}${where}`,
  };
}

/** Edges keyed by source, target and occurrence, so two edges to the same step stay apart. */
function edgesOf(workflow: Workflow): Map<string, EdgeRef> {
  const edges = new Map<string, EdgeRef>();
  forEachStep(workflow, (step) => {
    const seen = new Map<string, number>();
    for (const edge of step.next ?? []) {
      const n = seen.get(edge.to) ?? 0;
      seen.set(edge.to, n + 1);
      edges.set(JSON.stringify([step.id, edge.to, n]), edgeRef(step.id, edge));
    }
  });
  return edges;
}

function edgeRef(from: string, edge: Edge): EdgeRef {
  return {
    from,
    to: edge.to,
    ...(edge.when === undefined ? {} : { when: edge.when }),
    ...(edge.label === undefined ? {} : { label: edge.label }),
  };
}

function describeEdge(edge: EdgeRef): string {
  return `edge '${edge.from}' → '${edge.to}'`;
}

function diffEdges(before: Workflow, after: Workflow): WorkflowDiff["edges"] {
  const old = edgesOf(before);
  const now = edgesOf(after);
  const added = [...now].filter(([k]) => !old.has(k)).map(([, e]) => e);
  const removed = [...old].filter(([k]) => !now.has(k)).map(([, e]) => e);
  const changed: EdgeChange[] = [];
  for (const [k, edge] of now) {
    const was = old.get(k);
    if (!was || deepEqual(was, edge)) continue;
    const parts: string[] = [];
    if (was.when !== edge.when)
      parts.push(`condition ${describeValue(was.when)} → ${describeValue(edge.when)}`);
    if (was.label !== edge.label)
      parts.push(`label ${describeValue(was.label)} → ${describeValue(edge.label)}`);
    changed.push({
      from: edge.from,
      to: edge.to,
      before: was,
      after: edge,
      summary: `${describeEdge(edge)}: ${parts.join(", ")}`,
    });
  }
  return { added, removed, changed, reordered: reorderedEdges(before, after) };
}

function reorderedEdges(before: Workflow, after: Workflow): string[] {
  const targets = (workflow: Workflow) => {
    const map = new Map<string, string[]>();
    forEachStep(workflow, (step) =>
      map.set(
        step.id,
        (step.next ?? []).map((e) => e.to),
      ),
    );
    return map;
  };
  const old = targets(before);
  const reordered: string[] = [];
  for (const [id, now] of targets(after)) {
    const was = old.get(id);
    if (was && movedIds(was, now).length > 0) reordered.push(id);
  }
  return reordered;
}

function diffTop(
  before: Workflow,
  after: Workflow,
  keys: readonly string[],
  options: DiffOptions,
): WorkflowChange[] {
  const pick = (w: Workflow) => Object.fromEntries(keys.map((k) => [k, (w as Record<string, unknown>)[k]]));
  return diffValues(pick(before), pick(after), options).map((c) => explain(c, "", "top"));
}

const GROUPED = new Set(["steps", "triggers", "vars", "breaker", "shadow", "kind"]);

/**
 * The semantic difference between two versions of a workflow: steps added, removed, changed
 * (field by field, expressions flagged) and moved; edges added, removed, with a new condition, or
 * tried in a new order; and changes to triggers, vars, policies and the rest. Steps are matched
 * by id across the whole workflow, for-each bodies included; layout is ignored unless asked for.
 */
export function diffWorkflows(before: Workflow, after: Workflow, options: DiffOptions = {}): WorkflowDiff {
  const steps = diffSteps(before, after, options);
  const edges = diffEdges(before, after);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !GROUPED.has(k));
  const diff = {
    steps,
    edges,
    triggers: diffTop(before, after, ["triggers"], options),
    vars: diffTop(before, after, ["vars"], options),
    policies: diffTop(before, after, ["breaker", "shadow"], options),
    other: diffTop(before, after, keys, options),
  };
  const empty =
    Object.values(steps).every((list) => list.length === 0) &&
    Object.values(edges).every((list) => list.length === 0) &&
    [diff.triggers, diff.vars, diff.policies, diff.other].every((list) => list.length === 0);
  return { ...diff, empty };
}

/** Every change of a workflow diff as one line each, in a stable order: steps, edges, then the rest. */
export function summarizeWorkflowDiff(diff: WorkflowDiff): string[] {
  return [
    ...diff.steps.removed.map((s) => `step '${s.id}' removed`),
    ...diff.steps.added.map((s) => `step '${s.id}' added (${s.component})`),
    ...diff.steps.moved.map((m) => m.summary),
    ...diff.steps.changed.flatMap((s) => s.changes.map((c) => c.summary)),
    ...diff.edges.removed.map((e) => `${describeEdge(e)} removed`),
    ...diff.edges.added.map(
      (e) => `${describeEdge(e)} added${e.when === undefined ? "" : ` when ${e.when}`}`,
    ),
    ...diff.edges.changed.map((e) => e.summary),
    ...diff.edges.reordered.map((id) => `step '${id}': edges tried in a new order`),
    ...[...diff.triggers, ...diff.vars, ...diff.policies, ...diff.other].map((c) => c.summary),
  ];
}
