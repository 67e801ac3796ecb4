import type { DataPath } from "../diagnostics/index.js";
import type { Step, Workflow } from "../schema/index.js";

/** One graph of steps: the workflow's top level, or a for-each body. */
export interface StepScope {
  readonly start: string;
  readonly steps: readonly Step[];
}

/** A step with its path in the workflow, the graph it belongs to and the for-each step around it. */
export interface StepSite {
  readonly step: Step;
  readonly path: DataPath;
  readonly scope: StepScope;
  readonly parent?: StepSite;
}

/** Every step of the workflow, nested bodies included, in document order. */
export function stepSites(workflow: Workflow): StepSite[] {
  const sites: StepSite[] = [];
  const walk = (scope: StepScope, path: DataPath, parent?: StepSite): void =>
    scope.steps.forEach((step, i) => {
      const site: StepSite = { step, path: [...path, i], scope, ...(parent ? { parent } : {}) };
      sites.push(site);
      if (step.body) walk(step.body, [...site.path, "body", "steps"], site);
    });
  walk({ start: workflow.start, steps: workflow.steps }, ["steps"]);
  return sites;
}

/** Whether `prefix` is a prefix of `path`. */
export function startsWith(path: DataPath, prefix: DataPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

/** The innermost step whose path is a prefix of `at` (a path relative to the workflow). */
export function ownerOf(sites: readonly StepSite[], at: DataPath): StepSite | undefined {
  let owner: StepSite | undefined;
  for (const site of sites) {
    if (startsWith(at, site.path) && (!owner || site.path.length > owner.path.length)) owner = site;
  }
  return owner;
}

/**
 * Whether every path from the scope's start to `target` takes an edge for which `gates` holds
 * (edge `j` of the step at `path` is `next[j]`). Fallbacks on error count as ungated edges.
 */
export function gatedInScope(
  scope: StepScope,
  sites: readonly StepSite[],
  target: string,
  gates: (stepPath: DataPath, edge: number) => boolean,
): boolean {
  const byId = new Map(sites.filter((s) => s.scope === scope).map((s) => [s.step.id, s]));
  const seen = new Set<string>([scope.start]);
  const queue = [scope.start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (id === target) return false;
    const site = byId.get(id);
    if (!site) continue;
    const next = (site.step.next ?? []).flatMap((edge, j) => (gates(site.path, j) ? [] : [edge.to]));
    const fallback = site.step.onError?.fallback;
    for (const to of fallback === undefined ? next : [...next, fallback]) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return true;
}
