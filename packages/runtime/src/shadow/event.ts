import type { RunRow, RunStatus } from "@switchyard/store";
import type { EffectSummary } from "../effects/staged.js";
import { type BoundaryScope, type BoundaryViolation, boundaryViolations, fieldsWritten } from "./boundary.js";
import { type CompareOptions, compareEffects, type EffectComparison } from "./compare-effects.js";
import { isPlainObject } from "./normalise.js";

/**
 * Where an event's comparison stands:
 * `pending` — the shadow run (or its live counterpart) has not finished, so nothing is final yet;
 * `no-live` — no live run handled the event, so there is nothing to compare with;
 * `identical` — every effect matched and both runs ended the same way;
 * `different` — some effect differs, is added or missing, or the runs ended differently.
 */
export type EventVerdict = "pending" | "no-live" | "identical" | "different";

/** A run's error as stored (`{ code, message }`). */
export interface RunError {
  readonly code: string;
  readonly message: string;
}

/** What the live run and the shadow run did with one event. */
export interface EventComparison {
  readonly eventId: string;
  readonly eventType: string;
  readonly occurredAt: number;
  readonly verdict: EventVerdict;
  readonly liveRunId?: string;
  readonly liveVersion?: number;
  readonly liveStatus?: RunStatus;
  readonly liveError?: RunError;
  readonly shadowRunId: string;
  readonly shadowStatus: RunStatus;
  readonly shadowError?: RunError;
  /** True when both runs finished, but not with the same status (e.g. live completed, shadow failed). */
  readonly statusDiffers: boolean;
  /** The shadow run failed with a `breaker/anomaly…` code or was marked anomalous by the caller. */
  readonly anomaly: boolean;
  /** How many shadow runs handled the event (more than one after replays; the newest is compared). */
  readonly shadowRuns: number;
  /** Live against shadow, effect by effect; absent without a live counterpart. */
  readonly effects?: EffectComparison;
  /** Everything the shadow run would have done, in ledger order. */
  readonly shadowEffects: readonly EffectSummary[];
  /** From start to finish, in milliseconds; null while a run has not finished. */
  readonly latencyMs: { readonly live: number | null; readonly shadow: number | null };
  /** The fields the shadow run's record effects write, as `entity.field`, sorted. */
  readonly fieldsWritten: readonly string[];
  /** Records of another region the shadow run touched. */
  readonly boundaryViolations: readonly BoundaryViolation[];
}

/** One run with the effects of all its step executions, in execution order. */
export interface RunWithEffects {
  readonly run: RunRow;
  readonly effects: readonly EffectSummary[];
}

/** Everything {@link compareEvent} needs about one event. */
export interface EventInput {
  readonly event: { readonly id: string; readonly type: string; readonly occurredAt: number };
  readonly shadow: RunWithEffects;
  readonly live?: RunWithEffects;
  /** How many shadow runs handled the event. */
  readonly shadowRuns: number;
  readonly scope: BoundaryScope;
  /** Ids of shadow runs marked anomalous outside their error code. */
  readonly anomalies?: ReadonlySet<string>;
  readonly options?: CompareOptions;
}

const FINISHED: ReadonlySet<RunStatus> = new Set<RunStatus>(["completed", "failed", "cancelled"]);

/** Whether a run has finished: running, waiting and paused runs may still act. */
export const isFinished = (status: RunStatus): boolean => FINISHED.has(status);

/** The stored error of a run, if it has one. */
export function runError(error: unknown): RunError | undefined {
  if (isPlainObject(error) && typeof error.code === "string")
    return { code: error.code, message: typeof error.message === "string" ? error.message : "" };
  if (typeof error === "string" && error !== "") return { code: "unknown", message: error };
  return undefined;
}

const latency = (run: RunRow): number | null =>
  isFinished(run.status) && run.finishedAt !== null ? run.finishedAt - run.startedAt : null;

/** The anomaly code family written by circuit breakers. */
export const ANOMALY_CODE_PREFIX = "breaker/anomaly";

function stateOf(run: RunRow): { record?: unknown; overlay?: Record<string, unknown> } {
  const state = isPlainObject(run.state) ? run.state : {};
  return {
    record: state.record,
    ...(isPlainObject(state.overlay) ? { overlay: state.overlay } : {}),
  };
}

function verdictOf(input: EventInput, effects: EffectComparison | undefined, statusDiffers: boolean) {
  const { live, shadow } = input;
  if (!isFinished(shadow.run.status) || (live && !isFinished(live.run.status))) return "pending";
  if (!live || !effects) return "no-live";
  const allMatched = effects.entries.every((e) => e.class === "matched");
  return allMatched && !statusDiffers ? "identical" : "different";
}

/** Compares the newest shadow run of one event with its live counterpart. Pure. */
export function compareEvent(input: EventInput): EventComparison {
  const { live, shadow } = input;
  const effects = live ? compareEffects(live.effects, shadow.effects, input.options) : undefined;
  const statusDiffers =
    live !== undefined &&
    isFinished(live.run.status) &&
    isFinished(shadow.run.status) &&
    live.run.status !== shadow.run.status;
  const shadowError = runError(shadow.run.error);
  const liveError = live ? runError(live.run.error) : undefined;
  const state = stateOf(shadow.run);
  return {
    eventId: input.event.id,
    eventType: input.event.type,
    occurredAt: input.event.occurredAt,
    verdict: verdictOf(input, effects, statusDiffers),
    ...(live ? { liveRunId: live.run.id, liveVersion: live.run.version, liveStatus: live.run.status } : {}),
    ...(liveError ? { liveError } : {}),
    shadowRunId: shadow.run.id,
    shadowStatus: shadow.run.status,
    ...(shadowError ? { shadowError } : {}),
    statusDiffers,
    anomaly:
      (shadowError?.code.startsWith(ANOMALY_CODE_PREFIX) ?? false) ||
      (input.anomalies?.has(shadow.run.id) ?? false),
    shadowRuns: input.shadowRuns,
    ...(effects ? { effects } : {}),
    shadowEffects: shadow.effects,
    latencyMs: { live: live ? latency(live.run) : null, shadow: latency(shadow.run) },
    fieldsWritten: fieldsWritten(shadow.effects),
    boundaryViolations: boundaryViolations(input.scope, {
      subject: state.record,
      effects: shadow.effects,
      ...(state.overlay ? { overlay: state.overlay } : {}),
    }),
  };
}
