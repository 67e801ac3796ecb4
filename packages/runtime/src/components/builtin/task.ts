import type { ResumeSignal, StepContext } from "../contract.js";
import { durationAt } from "../evaluate.js";
import { expectResume, type ResumeOf } from "../resume.js";

/** When a task is due, from the step's `due` setting; undefined when it has none. */
export function dueAtOf(ctx: StepContext, due: string | undefined): number | undefined {
  return due === undefined ? undefined : ctx.now + durationAt("due", due);
}

/**
 * The completed task a people step was resumed with. (When the step's onError.timeout passes
 * first, the engine fails the step with `step/timeout` without resuming it.)
 */
export function completedTask(ctx: StepContext, signal: ResumeSignal): ResumeOf<"task"> {
  return expectResume(ctx, signal, ["task"]);
}
