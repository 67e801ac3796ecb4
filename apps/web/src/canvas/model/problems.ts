import type { Diagnostic } from "@switchyard/definitions";
import type { StepInfo, WorkflowGraph } from "./graph";

/** The diagnostics of one step, keyed by step id (a node shows a red marker when it has any). */
export function problemsByStep(
  graph: WorkflowGraph,
  diagnostics: readonly Diagnostic[],
): Map<string, Diagnostic[]> {
  const byPath = new Map(graph.steps.map((s) => [s.path.join("/"), s]));
  const out = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const step = d.path ? innermostStep(byPath, d.path) : undefined;
    if (!step) continue;
    const list = out.get(step.id) ?? [];
    list.push(d);
    out.set(step.id, list);
  }
  return out;
}

function innermostStep(
  byPath: Map<string, StepInfo>,
  path: readonly (string | number)[],
): StepInfo | undefined {
  for (let n = path.length; n >= 2; n--) {
    const step = byPath.get(path.slice(0, n).join("/"));
    if (step) return step;
  }
  return undefined;
}

/** rjsf's shape for errors shown beside fields: `{ field: { __errors: [...] } }`. */
export interface FieldErrors {
  __errors?: string[];
  [field: string]: FieldErrors | string[] | undefined;
}

/**
 * The diagnostics inside a step's `config`, shaped for rjsf's `extraErrors`, so a CEL or schema
 * error shows next to its field. Diagnostics about the config as a whole go on its root.
 */
export function configFieldErrors(step: StepInfo, diagnostics: readonly Diagnostic[]): FieldErrors {
  const root: FieldErrors = {};
  const prefix = [...step.path, "config"];
  for (const d of diagnostics) {
    const path = d.path;
    if (!path || path.length < prefix.length || !prefix.every((p, i) => p === path[i])) continue;
    let at = root;
    for (const key of path.slice(prefix.length)) {
      const name = String(key);
      const child = at[name];
      const next: FieldErrors = child && !Array.isArray(child) ? child : {};
      at[name] = next;
      at = next;
    }
    (at.__errors ??= []).push(d.hint ? `${d.message} ${d.hint}` : d.message);
  }
  return root;
}

/** Reads a path the way the API formats it (`steps[2].next[0].to`) back into its segments. */
export function parsePath(formatted: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const match of formatted.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  return out;
}
