import type { ComponentImplementation, ResumeSignal, StepContext, StepOutcome } from "../contract.js";
import { componentFailure } from "../errors.js";
import { evaluateText, renderAt } from "../evaluate.js";
import { readBuiltinConfig } from "../schemas.js";
import { describeValue, isPlainObject } from "../values.js";
import { completedTask, dueAtOf } from "./task.js";

interface FormTaskConfig {
  readonly form: string;
  readonly assignee: string;
  readonly title?: string;
  readonly due?: string;
}

function submitted(ctx: StepContext, signal: ResumeSignal): StepOutcome {
  const done = completedTask(ctx, signal);
  if (!isPlainObject(done.result)) {
    throw componentFailure(
      "task/invalid-result",
      `The form of step '${ctx.step.id}' came back without its values (got ${describeValue(done.result)}).`,
      "The task must be completed with the submitted values as a mapping; this is a bug in the client that completed it.",
    );
  }
  return { kind: "completed", output: { submittedBy: done.completedBy, record: done.result } };
}

/**
 * `core.form-task`: opens a form task (`payload: { form }`) for the evaluated `assignee` and
 * waits; when it is submitted the step completes with `{ submittedBy, record }`.
 */
export const formTaskComponent: ComponentImplementation = {
  id: "core.form-task",
  execute(ctx) {
    if (ctx.resume !== undefined) return submitted(ctx, ctx.resume);
    const config = readBuiltinConfig<FormTaskConfig>(ctx, "core.form-task");
    const assignee = evaluateText(ctx, "assignee", config.assignee, "a user id");
    const title =
      config.title === undefined ? `Fill in ${config.form}` : renderAt(ctx, "title", config.title);
    const dueAt = dueAtOf(ctx, config.due);
    const task = { kind: "form" as const, title, assignees: [assignee], payload: { form: config.form } };
    return {
      kind: "waiting",
      waitFor: { kind: "task", task: dueAt === undefined ? task : { ...task, dueAt } },
    };
  },
};
