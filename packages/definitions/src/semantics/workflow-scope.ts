import { type CelScope, type CelType, CelTypes, typeFromJsonSchema } from "../cel/index.js";
import type { Catalog } from "../project/catalog.js";
import type { Component, Step, Workflow } from "../schema/index.js";

/** The `event` variable: every trigger's event has this envelope; the payload is untyped. */
export const EVENT_TYPE: CelType = CelTypes.object("event", {
  id: CelTypes.string,
  type: CelTypes.string,
  source: CelTypes.string,
  occurredAt: CelTypes.timestamp,
  payload: CelTypes.dyn,
});

/** The `run` variable: facts about the current run. */
export const RUN_TYPE: CelType = CelTypes.object("run", {
  id: CelTypes.string,
  workflow: CelTypes.string,
  version: CelTypes.int,
  region: CelTypes.string,
  startedAt: CelTypes.timestamp,
  shadow: CelTypes.bool,
});

/** The CEL type of an entity's records, or dyn when the entity is unknown. */
export function entityType(catalog: Catalog, entityId: string | undefined): CelType {
  const entity = entityId ? catalog.get("entity", entityId) : undefined;
  if (!entity?.wellFormed) return CelTypes.dyn;
  return typeFromJsonSchema(entity.value.schema, { name: entity.value.id, entity: entity.value.id });
}

/** The type of `steps.<id>.output` for a step of this component. */
export function outputType(catalog: Catalog, component: Component | undefined, step: Step): CelType {
  if (!component?.output) return CelTypes.dyn;
  const base = typeFromJsonSchema(component.output, { name: `${step.id} output` });
  const entityId = (step.config as { entity?: unknown } | undefined)?.entity;
  if (base.kind === "object" && typeof entityId === "string" && "record" in base.fields) {
    return { ...base, fields: { ...base.fields, record: entityType(catalog, entityId) } };
  }
  return base;
}

/** Builds the variables in scope for a workflow's expressions. `vars` is filled in as it is checked. */
export function workflowScope(
  catalog: Catalog,
  workflow: Workflow,
  resolve: (step: Step) => Component | undefined,
  vars: Record<string, CelType>,
): CelScope {
  const steps: Record<string, CelType> = {};
  const collect = (list: readonly Step[]) => {
    for (const step of list) {
      steps[step.id] = CelTypes.object(`step ${step.id}`, {
        output: outputType(catalog, resolve(step), step),
        status: CelTypes.string,
        error: CelTypes.dyn,
      });
      if (step.body) collect(step.body.steps);
    }
  };
  collect(workflow.steps);
  const variables: Record<string, CelType> = {
    event: EVENT_TYPE,
    run: RUN_TYPE,
    now: CelTypes.timestamp,
    vars: CelTypes.object("vars", vars),
    steps: CelTypes.object("steps", steps),
  };
  if (workflow.entity) variables.record = entityType(catalog, workflow.entity);
  return { variables };
}

/** The same scope with more variables (a for-each item, the current step's `output`). */
export function extendScope(scope: CelScope, more: Record<string, CelType>): CelScope {
  return { variables: { ...scope.variables, ...more } };
}
