import type { ComponentImplementation, ResumeSignal, StepContext, StepOutcome } from "../contract.js";
import { componentFailure, invalidConfig } from "../errors.js";
import { evaluateTextList, renderAt } from "../evaluate.js";
import { readBuiltinConfig } from "../schemas.js";
import { describeValue, isPlainObject } from "../values.js";
import { completedTask, dueAtOf } from "./task.js";

interface ApprovalConfig {
  readonly title: string;
  readonly approvers: string;
  readonly quorum?: number;
  readonly due?: string;
}

function decided(ctx: StepContext, signal: ResumeSignal): StepOutcome {
  const done = completedTask(ctx, signal);
  const result = done.result;
  if (!isPlainObject(result) || typeof result.approved !== "boolean") {
    throw componentFailure(
      "task/invalid-result",
      `The approval of step '${ctx.step.id}' came back without a decision (got ${describeValue(result)}).`,
      "The task must be completed with { approved: true | false, comment? }; this is a bug in the client that completed it.",
    );
  }
  const comment = typeof result.comment === "string" ? result.comment : "";
  return { kind: "completed", output: { approved: result.approved, approver: done.completedBy, comment } };
}

/**
 * `core.approval`: opens an approval task for the evaluated `approvers` and waits. The task
 * carries `{ quorum }` (default: all approvers) and is due `due` after now. When it is decided the
 * step completes with `{ approved, approver, comment }`.
 */
export const approvalComponent: ComponentImplementation = {
  id: "core.approval",
  execute(ctx) {
    if (ctx.resume !== undefined) return decided(ctx, ctx.resume);
    const config = readBuiltinConfig<ApprovalConfig>(ctx, "core.approval");
    const title = renderAt(ctx, "title", config.title);
    const assignees = evaluateTextList(ctx, "approvers", config.approvers, "a user id");
    const quorum = config.quorum ?? assignees.length;
    if (quorum > assignees.length) {
      throw invalidConfig(
        `Step '${ctx.step.id}' needs ${quorum} approvals but 'approvers' gave only ${assignees.length} (${assignees.join(", ")}).`,
        "Lower 'quorum', or make 'approvers' name enough people.",
      );
    }
    const dueAt = dueAtOf(ctx, config.due);
    const task = { kind: "approval" as const, title, assignees, payload: { quorum } };
    return {
      kind: "waiting",
      waitFor: { kind: "task", task: dueAt === undefined ? task : { ...task, dueAt } },
    };
  },
};
