import { readGraph, type StepInfo, type WorkflowGraph } from "./graph";
import { SourceEditor } from "./source-edit";

/**
 * The canvas's edits to a workflow, each taking YAML text and returning the new text. They go
 * through SourceEditor, so everything the edit does not touch stays byte for byte as it was.
 */

/** A step id not used yet: `step_2`, `step_3`, … (ids follow the StepId pattern). */
export function freshStepId(graph: WorkflowGraph, base = "step"): string {
  const used = new Set(graph.steps.map((s) => s.id));
  for (let n = graph.steps.length + 1; ; n++) if (!used.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** Appends a step running `component` to the workflow's top-level steps, connected to nothing. */
export function addStep(
  text: string,
  component: string,
  options: { id?: string; name?: string } = {},
): { text: string; id: string } {
  const graph = readGraph(text);
  const id = options.id ?? freshStepId(graph);
  const editor = new SourceEditor(text);
  const step: Record<string, unknown> = { id };
  if (options.name) step.name = options.name;
  step.component = component;
  editor.append(["steps"], step);
  if (graph.steps.length === 0 && editor.get(["start"]) === undefined) editor.set(["start"], id);
  return { text: editor.text, id };
}

/** Adds `source → target` as the last `next` entry of the source step (nothing if it exists). */
export function connect(text: string, source: string, target: string): string {
  const graph = readGraph(text);
  const from = find(graph, source);
  if (!from || !find(graph, target)) return text;
  if (graph.edges.some((e) => e.kind === "next" && e.source === source && e.target === target)) return text;
  const editor = new SourceEditor(text);
  editor.append([...from.path, "next"], { to: target });
  return editor.text;
}

/** Removes the `next` entry an edge stands for (body and fallback edges are edited in YAML). */
export function disconnect(text: string, edgeId: string): string {
  const edge = readGraph(text).edges.find((e) => e.id === edgeId);
  if (!edge || !edge.list) return text;
  const editor = new SourceEditor(text);
  editor.remove(edge.list, edge.index);
  return editor.text;
}

/** Removes a step and every `next` entry that leads to it. `start` is left for the user to fix. */
export function deleteStep(text: string, stepId: string): string {
  const graph = readGraph(text);
  const step = find(graph, stepId);
  if (!step) return text;
  const editor = new SourceEditor(text);
  // Last first, so earlier indexes stay valid.
  const incoming = graph.edges
    .filter((e) => e.kind === "next" && e.target === stepId && e.source !== stepId && e.list)
    .sort((a, b) => comparePaths([...b.list!, b.index], [...a.list!, a.index]));
  for (const edge of incoming) editor.remove(edge.list!, edge.index);
  editor.remove(step.path.slice(0, -1), step.path[step.path.length - 1] as number);
  return editor.text;
}

/** Renames a step and every reference to it: `start`, `next[].to`, `body.start`, `onError.fallback`. */
export function renameStep(text: string, from: string, to: string): string {
  const graph = readGraph(text);
  const step = find(graph, from);
  if (!step || from === to || find(graph, to)) return text;
  const editor = new SourceEditor(text);
  editor.set([...step.path, "id"], to);
  if (graph.start === from) editor.set(["start"], to);
  for (const edge of graph.edges) {
    if (edge.target !== from) continue;
    const source = find(graph, edge.source);
    if (!source) continue;
    if (edge.kind === "next") editor.set([...edge.list!, edge.index, "to"], to);
    if (edge.kind === "fallback") editor.set([...source.path, "onError", "fallback"], to);
    if (edge.kind === "body") editor.set([...source.path, "body", "start"], to);
  }
  return editor.text;
}

/** Sets (or, when blank, removes) a step's display name. */
export function setStepName(text: string, stepId: string, name: string): string {
  const step = find(readGraph(text), stepId);
  if (!step) return text;
  const editor = new SourceEditor(text);
  if (name.trim() === "") editor.delete([...step.path, "name"]);
  else editor.set([...step.path, "name"], name);
  return editor.text;
}

/**
 * Sets a step's config. Only the entries that changed are written, so the others keep their
 * formatting and comments; an empty config removes the key.
 */
export function setStepConfig(text: string, stepId: string, config: Record<string, unknown>): string {
  const step = find(readGraph(text), stepId);
  if (!step) return text;
  const editor = new SourceEditor(text);
  const path = [...step.path, "config"];
  const clean = dropUndefined(config);
  if (Object.keys(clean).length === 0) {
    editor.delete(path);
    return editor.text;
  }
  if (Object.keys(step.config).length === 0) {
    editor.set(path, clean);
    return editor.text;
  }
  for (const key of Object.keys(step.config)) if (!(key in clean)) editor.delete([...path, key]);
  for (const [key, value] of Object.entries(clean))
    if (JSON.stringify(step.config[key]) !== JSON.stringify(value)) editor.set([...path, key], value);
  return editor.text;
}

function dropUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

function find(graph: WorkflowGraph, id: string): StepInfo | undefined {
  return graph.steps.find((s) => s.id === id);
}

function comparePaths(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}
