import { isMap, isScalar, isSeq, type Node as YamlNode, parseDocument, type YAMLMap } from "yaml";
import type { YamlPath } from "./source-edit";

/** One step as the canvas shows it, with where it sits in the YAML. */
export interface StepInfo {
  readonly id: string;
  readonly name: string | undefined;
  readonly component: string;
  /** The step's path in the document, e.g. ["steps", 3] or ["steps", 2, "body", "steps", 0]. */
  readonly path: YamlPath;
  /** The for-each step whose body holds this step, if any. */
  readonly parent: string | undefined;
  readonly config: Record<string, unknown>;
}

/** An arrow between two steps: a `next` entry, a for-each body's start, or an error fallback. */
export interface EdgeInfo {
  /** Unique and stable while the text does not change, e.g. "a->b#0". */
  readonly id: string;
  readonly kind: "next" | "body" | "fallback";
  readonly source: string;
  readonly target: string;
  readonly when: string | undefined;
  readonly label: string | undefined;
  /** For a `next` entry: the list's path and the entry's index in it. */
  readonly list: YamlPath | undefined;
  readonly index: number;
}

/** The workflow's steps and edges, read from possibly half-written YAML (never throws). */
export interface WorkflowGraph {
  readonly start: string | undefined;
  readonly steps: readonly StepInfo[];
  readonly edges: readonly EdgeInfo[];
  /** Whether the YAML parsed; when not, the graph is empty and the text's errors say why. */
  readonly parsed: boolean;
}

/** Reads the graph out of workflow YAML text. */
export function readGraph(text: string): WorkflowGraph {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents))
    return { start: undefined, steps: [], edges: [], parsed: false };
  const steps: StepInfo[] = [];
  const edges: EdgeInfo[] = [];
  readSteps(doc.contents, [], undefined, steps, edges);
  return { start: scalarText(doc.contents.get("start", true)), steps, edges, parsed: true };
}

function readSteps(
  owner: YAMLMap,
  ownerPath: YamlPath,
  parent: string | undefined,
  steps: StepInfo[],
  edges: EdgeInfo[],
): void {
  const list = owner.get("steps", true);
  if (!isSeq(list)) return;
  list.items.forEach((item, index) => {
    if (!isMap(item)) return;
    const id = scalarText(item.get("id", true));
    if (id === undefined) return;
    const path = [...ownerPath, "steps", index];
    const config = item.get("config", true) as YamlNode | undefined;
    steps.push({
      id,
      name: scalarText(item.get("name", true)),
      component: scalarText(item.get("component", true)) ?? "",
      path,
      parent,
      config: isMap(config) ? (config.toJSON() as Record<string, unknown>) : {},
    });
    const next = item.get("next", true);
    if (isSeq(next))
      next.items.forEach((edge, k) => {
        if (!isMap(edge)) return;
        const to = scalarText(edge.get("to", true));
        if (to === undefined) return;
        edges.push({
          id: `${id}->${to}#${k}`,
          kind: "next",
          source: id,
          target: to,
          when: scalarText(edge.get("when", true)),
          label: scalarText(edge.get("label", true)),
          list: [...path, "next"],
          index: k,
        });
      });
    const onError = item.get("onError", true);
    const fallback = isMap(onError) ? scalarText(onError.get("fallback", true)) : undefined;
    if (fallback !== undefined) edges.push(otherEdge("fallback", id, fallback, "on error"));
    const body = item.get("body", true);
    if (isMap(body)) {
      const first = scalarText(body.get("start", true));
      if (first !== undefined) edges.push(otherEdge("body", id, first, "for each item"));
      readSteps(body, [...path, "body"], id, steps, edges);
    }
  });
}

function otherEdge(kind: "body" | "fallback", source: string, target: string, label: string): EdgeInfo {
  return {
    id: `${source}->${target}#${kind}`,
    kind,
    source,
    target,
    when: undefined,
    label,
    list: undefined,
    index: -1,
  };
}

function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : undefined;
}

/** The step a path into the document concerns (the innermost one), e.g. ["steps", 3, "config"]. */
export function stepAtPath(graph: WorkflowGraph, path: YamlPath): StepInfo | undefined {
  let best: StepInfo | undefined;
  for (const step of graph.steps)
    if (step.path.length <= path.length && step.path.every((p, i) => p === path[i]))
      if (!best || step.path.length > best.path.length) best = step;
  return best;
}
