import type { DataPath } from "../diagnostics/index.js";
import type { Workflow } from "../schema/index.js";
import type { LocatedRead } from "../semantics/expressions.js";
import { forEachStep } from "../semantics/workflow-graph.js";

/**
 * One version's reads: the workflow and the reads `validateSources` found in it
 * (`definitions[].reads`). `path` is where the workflow sits in its file (`definitions[].path`,
 * empty for a file holding one workflow); reads' `at` paths start with it.
 */
export interface VersionReads {
  readonly workflow: Workflow;
  readonly reads: readonly LocatedRead[];
  readonly path?: DataPath;
}

/** For one step (or a top-level part: `triggers`, `vars`, `breaker`), the fields it reads. */
export interface FieldReadsChange {
  readonly step: string;
  /** Fields read now and not before, sorted. */
  readonly added: readonly string[];
  /** Fields read before and no longer, sorted. */
  readonly removed: readonly string[];
}

/**
 * A read as a field name: `entity.field` when the read resolves to an entity field (e.g.
 * `trade-in.deal.customer_name`), else the variable and path read (e.g. `steps.residual.output.value`).
 */
export function fieldOfRead(read: LocatedRead): string {
  if (read.entity !== undefined && read.field !== undefined) return `${read.entity}.${read.field}`;
  return [read.variable, ...read.path].join(".");
}

/**
 * The lineage of one version: for each step id (and `triggers`, `vars`, `breaker` for
 * expressions outside steps), the set of fields its expressions read.
 */
export function fieldReadsByStep(version: VersionReads): Map<string, Set<string>> {
  const owners = new Map<string, string>();
  forEachStep(version.workflow, (step, path) => owners.set(JSON.stringify(path), step.id));
  const prefix = version.path ?? [];
  const result = new Map<string, Set<string>>();
  for (const read of version.reads) {
    const at = read.at.slice(prefix.length);
    let owner = typeof at[0] === "string" ? at[0] : "";
    // The deepest step path that is a prefix of the read's path owns it (for-each bodies nest).
    for (let n = at.length; n > 0; n--) {
      const id = owners.get(JSON.stringify(at.slice(0, n)));
      if (id !== undefined) {
        owner = id;
        break;
      }
    }
    const fields = result.get(owner) ?? new Set<string>();
    fields.add(fieldOfRead(read));
    result.set(owner, fields);
  }
  return result;
}

/**
 * Which fields each step newly reads and no longer reads between two versions. Steps are matched
 * by id; a step added or removed shows all its reads as added or removed. Only steps whose reads
 * changed are listed, in the order of the later version (removed steps last).
 */
export function diffFieldReads(before: VersionReads, after: VersionReads): FieldReadsChange[] {
  return diffSets(fieldReadsByStep(before), fieldReadsByStep(after));
}

/** Components that write records, with `config.entity` and `config.values` (field → expression). */
const RECORD_WRITERS: ReadonlySet<string> = new Set(["core.create-record", "core.update-record"]);

/**
 * For each step that writes records, the fields it writes as `entity.field`, read from its config
 * (custom components' writes are not visible statically; the shadow report shows them per run).
 */
export function fieldWritesByStep(workflow: Workflow): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  forEachStep(workflow, (step) => {
    const id = step.component.split("@")[0] ?? step.component;
    if (!RECORD_WRITERS.has(id)) return;
    const config = (step.config ?? {}) as { entity?: unknown; values?: unknown };
    if (typeof config.entity !== "string" || typeof config.values !== "object" || config.values === null)
      return;
    const fields = result.get(step.id) ?? new Set<string>();
    for (const field of Object.keys(config.values)) fields.add(`${config.entity}.${field}`);
    result.set(step.id, fields);
  });
  return result;
}

/** Which fields each step newly writes and no longer writes between two versions (as `diffFieldReads`). */
export function diffFieldWrites(before: Workflow, after: Workflow): FieldReadsChange[] {
  return diffSets(fieldWritesByStep(before), fieldWritesByStep(after));
}

function diffSets(old: Map<string, Set<string>>, now: Map<string, Set<string>>): FieldReadsChange[] {
  const changes: FieldReadsChange[] = [];
  for (const step of new Set([...now.keys(), ...old.keys()])) {
    const was = old.get(step) ?? new Set<string>();
    const is = now.get(step) ?? new Set<string>();
    const added = [...is].filter((f) => !was.has(f)).sort();
    const removed = [...was].filter((f) => !is.has(f)).sort();
    if (added.length > 0 || removed.length > 0) changes.push({ step, added, removed });
  }
  return changes;
}
