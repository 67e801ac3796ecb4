import type { BreakerOutcome, NotificationRow, RunRow, StepCommit } from "@switchyard/store";
import type { RunState } from "../engine/run-state.js";
import type { RunnableWorkflow } from "../engine/services.js";
import { findAnomalies } from "./anomalies.js";
import { componentKey, type EffectivePolicy, workflowKey } from "./policy.js";

/** Error codes of runs a breaker holds; `breakers/release` resumes or restarts them. */
export const HELD = "breaker/held";
export const COMPONENT_HELD = "breaker/component-held";
export const ANOMALY_HELD = "breaker/anomaly";

export const isCustomComponent = (componentId: string) => !componentId.startsWith("core.");

/**
 * What a step transition tells the breakers, added to the same commit: a finished live run is a
 * good or bad observation for its version's breaker; a custom component's step is one for the
 * component's breaker; an anomaly rule that now holds is a bad observation and holds the run
 * before its next step (shadow runs only note it, for the shadow report).
 */
export function observeCommit(
  workflow: RunnableWorkflow,
  commit: StepCommit,
  policy: EffectivePolicy,
  now: number,
): StepCommit {
  let run = commit.run;
  const outcomes: BreakerOutcome[] = [];
  const notifications: NotificationRow[] = [];
  const key = workflowKey(run.workflowId, run.version);
  const state = run.state as RunState;
  if (policy.anomalies.length > 0 && !state.anomalies) {
    const found = findAnomalies(workflow, run, state, policy, now);
    if (found.length > 0) {
      const next = { ...state, anomalies: found };
      run = { ...run, state: next };
      if (run.mode === "live") {
        outcomes.push({
          tenantId: run.tenantId,
          key,
          subject: run.id,
          outcome: "anomaly",
          at: now,
          detail: found.map((a) => a.id).join(","),
        });
        if (run.status === "running") {
          run = {
            ...run,
            status: "paused",
            error: {
              code: ANOMALY_HELD,
              message:
                `Held for review before its next step: ${found.map((a) => `${a.id} (${a.description})`).join("; ")}. ` +
                "Resume it if the result is right, or roll the workflow back.",
            },
          };
          notifications.push(anomalyNotice(workflow, run, found, now));
        }
      }
    }
  }
  if (run.mode === "live") {
    if (run.status === "completed" || run.status === "failed") {
      const error = run.error as { code?: string } | null;
      outcomes.push({
        tenantId: run.tenantId,
        key,
        subject: run.id,
        outcome: run.status === "completed" ? "ok" : "error",
        at: now,
        detail: run.status === "failed" ? (error?.code ?? "run/failed") : null,
      });
    }
    const execution = commit.execution;
    const component = execution ? workflow.components.get(execution.stepId) : undefined;
    if (
      execution &&
      component &&
      isCustomComponent(component.id) &&
      (execution.status === "completed" || execution.status === "failed" || execution.status === "retrying")
    ) {
      const error = execution.error as { code?: string } | null;
      outcomes.push({
        tenantId: run.tenantId,
        key: componentKey(component.id, component.version),
        subject: `${run.id}:${execution.tokenId}`,
        outcome: execution.status === "completed" ? "ok" : "error",
        at: now,
        detail: execution.status === "completed" ? null : (error?.code ?? "step/failed"),
      });
    }
  }
  if (outcomes.length === 0 && run === commit.run) return commit;
  return {
    ...commit,
    run,
    outcomes: [...(commit.outcomes ?? []), ...outcomes],
    notifications: [...(commit.notifications ?? []), ...notifications],
  };
}

function anomalyNotice(
  workflow: RunnableWorkflow,
  run: RunRow,
  found: readonly { id: string; description: string }[],
  now: number,
): NotificationRow {
  return {
    id: `anomaly:${run.id}`,
    tenantId: run.tenantId,
    recipient: workflow.workflow.owner,
    title: `Run held: ${workflow.workflow.name} looked wrong`,
    message: `Run ${run.id} hit ${found.map((a) => a.description).join("; ")} and waits for review.`,
    link: `/runs/${run.id}`,
    runId: run.id,
    createdAt: now,
  };
}
