import type { ResumeSignal, StepContext } from "./contract.js";
import { componentFailure } from "./errors.js";

/** The resume signal of one of the given kinds. */
export type ResumeOf<K extends ResumeSignal["kind"]> = Extract<ResumeSignal, { kind: K }>;

function isOneOf<K extends ResumeSignal["kind"]>(
  signal: ResumeSignal,
  kinds: readonly K[],
): signal is ResumeOf<K> {
  return (kinds as readonly string[]).includes(signal.kind);
}

/**
 * The signal a waiting step was resumed with, when it is one the step waits for. Anything else
 * means the engine resumed the wrong wait: a bug, reported as `component/unexpected-resume`.
 */
export function expectResume<K extends ResumeSignal["kind"]>(
  ctx: StepContext,
  signal: ResumeSignal,
  kinds: readonly K[],
): ResumeOf<K> {
  if (isOneOf(signal, kinds)) return signal;
  throw componentFailure(
    "component/unexpected-resume",
    `Step '${ctx.step.id}' (${ctx.step.component}) was resumed by '${signal.kind}', but it waits for ${kinds.join(" or ")}.`,
    "This is a bug in the engine, not in the workflow; please report it with the run id.",
  );
}
