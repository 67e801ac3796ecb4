import type {
  ComponentImplementation,
  ResumeSignal,
  StepContext,
  StepOutcome,
  WaitRequest,
} from "../contract.js";
import { invalidConfig } from "../errors.js";
import { durationAt, evaluateAt } from "../evaluate.js";
import { expectResume } from "../resume.js";
import { readBuiltinConfig } from "../schemas.js";
import { describeValue, toTimestampMs } from "../values.js";

interface WaitConfig {
  readonly duration?: string;
  readonly until?: string;
  readonly event?: string;
  readonly match?: string;
  readonly timeout?: string;
}

const MODES = ["duration", "until", "event"] as const;

/** What the step waits for, from exactly one of `duration`, `until` and `event`. */
function waitRequest(ctx: StepContext, config: WaitConfig): WaitRequest | "already-passed" {
  const set = MODES.filter((mode) => config[mode] !== undefined);
  if (set.length !== 1) {
    throw invalidConfig(
      set.length === 0
        ? `Step '${ctx.step.id}' does not say what to wait for.`
        : `Step '${ctx.step.id}' sets ${set.map((m) => `'${m}'`).join(" and ")}; a wait takes exactly one of them.`,
      "Set one of 'duration' (e.g. 2d), 'until' (a timestamp expression) or 'event' (an event type).",
    );
  }
  if (config.event === undefined && (config.match !== undefined || config.timeout !== undefined)) {
    throw invalidConfig(
      `Step '${ctx.step.id}' sets '${config.match !== undefined ? "match" : "timeout"}', which only applies to waiting for an event.`,
      "Remove it, or wait for an event with 'event:'.",
    );
  }
  if (config.duration !== undefined) {
    return { kind: "timer", dueAt: ctx.now + durationAt("duration", config.duration) };
  }
  if (config.until !== undefined) {
    const value = evaluateAt(ctx, "until", config.until);
    const dueAt = toTimestampMs(value);
    if (dueAt === undefined) {
      throw invalidConfig(
        `'until' must give a moment in time, but \`${config.until}\` gave ${describeValue(value)}.`,
        "Give a timestamp, e.g. record.meeting_at - duration('1h') or timestamp('2026-06-01T09:00:00Z'); text needs a date and, with a time, a zone (Z or +08:00).",
      );
    }
    return dueAt <= ctx.now ? "already-passed" : { kind: "timer", dueAt };
  }
  const eventType = config.event ?? "";
  const request: { kind: "event"; eventType: string; match?: string; timeoutAt?: number } = {
    kind: "event",
    eventType,
  };
  if (config.match !== undefined) request.match = config.match;
  if (config.timeout !== undefined) request.timeoutAt = ctx.now + durationAt("timeout", config.timeout);
  return request;
}

function resumed(ctx: StepContext, signal: ResumeSignal): StepOutcome {
  const done = expectResume(ctx, signal, ["timer", "event", "timeout"]);
  switch (done.kind) {
    case "timer":
      return { kind: "completed", output: { timedOut: false } };
    case "event":
      return { kind: "completed", output: { timedOut: false, event: done.event } };
    case "timeout":
      return { kind: "completed", output: { timedOut: true } };
  }
}

/**
 * `core.wait`: waits `duration`, `until` a moment, or for an `event` (matched by the engine with
 * `match`, variable `incoming`), giving up after `timeout`. Output `{ timedOut, event? }`. A
 * moment already past completes at once, without a timer.
 */
export const waitComponent: ComponentImplementation = {
  id: "core.wait",
  execute(ctx) {
    if (ctx.resume !== undefined) return resumed(ctx, ctx.resume);
    const request = waitRequest(ctx, readBuiltinConfig<WaitConfig>(ctx, "core.wait"));
    if (request === "already-passed") return { kind: "completed", output: { timedOut: false } };
    return { kind: "waiting", waitFor: request };
  },
};
