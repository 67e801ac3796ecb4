import {
  type CheckedDefinition,
  type ComplianceFinding,
  type Definition,
  diffDefinitions,
  diffFieldWrites,
  type FieldReadsChange,
  fieldWritesByStep,
  diffWorkflows,
  summarizeWorkflowDiff,
  type Workflow,
} from "@switchyard/definitions";

/** What an audit entry of a publish records beyond who and when: the change and the data it touches. */
export interface PublishDetail {
  readonly change: "created" | "changed";
  readonly diff: readonly string[];
  /** Lineage: per step, fields written now and no longer (workflows with a previous version). */
  readonly writesChanged?: readonly FieldReadsChange[];
  readonly scope: {
    readonly entities: readonly string[];
    readonly fields: readonly string[];
    /** Fields the workflow's record-writing steps write. */
    readonly written: readonly string[];
    readonly regions: readonly string[];
  };
  /** Compliance findings on this definition (sensitive attributes in decisions, missing consent). */
  readonly compliance: readonly {
    code: string;
    severity: string;
    step?: string;
    field: string;
    reason: string;
    /** Who accepted a sensitive read in a decision, and why. */
    justification?: { readonly reason: string; readonly by: string };
  }[];
}

/**
 * Describes a publish for the audit log: the semantic diff against the version it replaces (one
 * line per change) and the data scope — entities and fields its expressions read, and its region.
 */
export function publishDetail(
  checked: CheckedDefinition,
  previous: unknown,
  findings: readonly ComplianceFinding[] = [],
): PublishDetail {
  const definition = checked.definition as Definition;
  let diff: string[] = [];
  if (previous !== undefined) {
    diff =
      definition.kind === "workflow"
        ? summarizeWorkflowDiff(diffWorkflows(previous as Workflow, definition))
        : diffDefinitions(previous as Definition, definition).changes.map((c) => `${c.kind} ${c.label}`);
  }
  const fields = [
    ...new Set(checked.reads.filter((r) => r.entity && r.field).map((r) => `${r.entity}.${r.field}`)),
  ].sort();
  const entities = new Set(checked.reads.flatMap((r) => (r.entity ? [r.entity] : [])));
  if (definition.kind === "entity") entities.add(definition.id);
  if (definition.kind === "workflow" && definition.entity) entities.add(definition.entity);
  const region = (definition as { region?: unknown }).region;
  const written =
    definition.kind === "workflow" ? [...fieldWritesByStep(definition).values()].flatMap((f) => [...f]) : [];
  for (const field of written) entities.add(field.slice(0, field.lastIndexOf(".")));
  return {
    change: previous === undefined ? "created" : "changed",
    diff,
    scope: {
      entities: [...entities].sort(),
      fields,
      written: [...new Set(written)].sort(),
      regions: typeof region === "string" ? [region] : [],
    },
    ...(definition.kind === "workflow" && previous !== undefined
      ? { writesChanged: diffFieldWrites(previous as Workflow, definition) }
      : {}),
    compliance: findings
      .filter((f) => f.workflow === checked.id && checked.kind === "workflow")
      .map((f) => ({
        code: f.code,
        severity: f.severity,
        ...(f.step ? { step: f.step } : {}),
        field: f.field,
        reason: f.reason,
        ...(f.justification ? { justification: f.justification } : {}),
      })),
  };
}
