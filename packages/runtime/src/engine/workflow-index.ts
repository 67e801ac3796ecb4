import { type Component, forEachStep, type Step, type Workflow } from "@switchyard/definitions";

/** A step and the for-each step whose body holds it (undefined at the top level). */
export interface IndexedStep {
  readonly step: Step;
  readonly parent: string | undefined;
  readonly componentId: string;
}

/** A workflow version prepared for execution: steps by id, components resolved. */
export interface PreparedWorkflow {
  readonly workflow: Workflow;
  readonly version: number;
  readonly steps: ReadonlyMap<string, IndexedStep>;
  readonly components: ReadonlyMap<string, Component>;
}

/** Indexes a workflow's steps (nested bodies included) for constant-time look-up by id. */
export function prepareWorkflow(
  workflow: Workflow,
  version: number,
  resolve: (ref: string) => Component | undefined,
): PreparedWorkflow {
  const steps = new Map<string, IndexedStep>();
  const components = new Map<string, Component>();
  const parents = new Map<Step, string>();
  forEachStep(workflow, (step) => {
    for (const child of step.body?.steps ?? []) parents.set(child, step.id);
    steps.set(step.id, {
      step,
      parent: parents.get(step),
      componentId: step.component.split("@")[0] ?? step.component,
    });
    const component = resolve(step.component);
    if (component) components.set(step.id, component);
  });
  return { workflow, version, steps, components };
}
