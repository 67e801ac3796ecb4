import type { RunRow } from "@switchyard/store";
import { evaluate } from "../expressions/index.js";
import { bindingsFor } from "../engine/bindings.js";
import type { RunState } from "../engine/run-state.js";
import { runInfoOf } from "../engine/run-info.js";
import type { RunnableWorkflow } from "../engine/services.js";
import type { EffectivePolicy } from "./policy.js";

/** An anomaly rule that holds for a run. */
export interface FoundAnomaly {
  readonly id: string;
  readonly description: string;
}

const STEP_READ = /\bsteps\.([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * The anomaly rules that hold for a run now. A rule is tried only once every step it reads has
 * an output, so "rebate above range" fires right after the rebate is computed — before the step
 * that pays it. A rule that cannot be evaluated (a missing field) does not fire.
 */
export function findAnomalies(
  workflow: RunnableWorkflow,
  run: RunRow,
  state: RunState,
  policy: EffectivePolicy,
  now: number,
): FoundAnomaly[] {
  const found: FoundAnomaly[] = [];
  let bindings: Record<string, unknown> | undefined;
  for (const rule of policy.anomalies) {
    const reads = [...rule.when.matchAll(STEP_READ)].map((m) => m[1] ?? "");
    if (reads.some((step) => state.steps[step] === undefined)) continue;
    bindings ??= bindingsFor(runInfoOf(run, workflow.workflow.region), state, undefined, workflow.types, now);
    try {
      if (evaluate(rule.when, bindings) === true)
        found.push({ id: rule.id, description: rule.description ?? rule.when });
    } catch {
      // Unevaluable for this run (e.g. an unset optional field): not an anomaly.
    }
  }
  return found;
}
