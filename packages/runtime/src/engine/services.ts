import type { Component, Entity } from "@switchyard/definitions";
import type { RunRow, Store } from "@switchyard/store";
import type { ComponentImplementation, StepError } from "../components/contract.js";
import type { Sandbox } from "../sandbox/index.js";
import type { WorkflowTypes } from "./bindings.js";
import type { PreparedWorkflow } from "./workflow-index.js";

/** A workflow version ready to run, with the static types of its data. */
export interface RunnableWorkflow extends PreparedWorkflow {
  readonly types: WorkflowTypes;
}

/** What the step runner needs from the engine: the store, the sandbox, the clock and look-ups. */
export interface ExecutionServices {
  readonly store: Store;
  readonly sandbox: Sandbox;
  now(): number;
  implementation(manifest: Component): ComponentImplementation | undefined;
  entity(tenantId: string, id: string): Entity | undefined;
  workflow(tenantId: string, workflowId: string, version: number): Promise<RunnableWorkflow>;
  /** Whether a step's component may run now (whitelist, quota); a refusal fails the step. */
  admit?(
    tenantId: string,
    component: Component,
    mode: RunRow["mode"],
  ): Promise<{ error: StepError; retryable: boolean } | undefined>;
  /** Builds (does not store) a child run of the live version of a workflow, for core.sub-workflow. */
  childRun(parent: RunRow, workflowId: string, inputs: Record<string, unknown>, id: string): Promise<RunRow>;
}
