import type { ResumeSignal } from "../components/contract.js";
import type { Json } from "../expressions/index.js";

/** Where a token is in a for-each: the list, the position and the results so far. */
export interface ForEachFrame {
  readonly step: string;
  readonly items: Json[];
  index: number;
  readonly as: string;
  readonly results: Json[];
}

/** What a waiting token waits for, so the engine can resume it (and cancel its timers). */
export interface TokenWait {
  readonly kind: "timer" | "event" | "task" | "outbox" | "child" | "retry";
  readonly id: string;
  readonly timeoutTimer?: string;
}

/**
 * A position in the graph. A run has one token per concurrent branch: one at the start, one per
 * edge after a parallel split; a join merges them back.
 */
export interface Token {
  readonly id: string;
  stepId: string;
  status: "ready" | "waiting";
  attempt: number;
  frames: ForEachFrame[];
  /** The parallel splits this token is inside, innermost last; a join closes the last one. */
  splits: { readonly id: string; readonly branches: number }[];
  wait?: TokenWait;
  resume?: ResumeSignal;
}

/** Everything a run carries between steps; persisted as JSON with every step transition. */
export interface RunState {
  vars: Record<string, Json>;
  steps: Record<string, { output: Json; error?: Json }>;
  tokens: Token[];
  joins: Record<string, { arrived: number; done: boolean }>;
  /** Counts step executions; with the token id it names a step instance (idempotency keys). */
  seq: number;
  /** The record the run is about (the workflow's `entity`), as it was when the run started. */
  record?: Json;
  event?: { id: string; type: string; source: string; payload: Json; occurredAt: number };
  /** A shadow run's own record writes (entity/id → record), never written to live data. */
  overlay?: Record<string, Record<string, Json>>;
  /** Live outbox items whose replies this shadow run has borrowed (see effects/mirror.ts). */
  mirrored?: string[];
  /** Anomaly rules of the breaker policy that held for this run (each counted once). */
  anomalies?: { id: string; description: string }[];
  /** The output of the last step that finished: a sub-workflow's result. */
  result?: Json;
}

/** The state of a new run: one ready token at the start step. */
export function initialState(
  start: string,
  vars: Record<string, Json>,
  event: RunState["event"],
  record: Json | undefined,
): RunState {
  return {
    vars,
    steps: {},
    tokens: [{ id: "t1", stepId: start, status: "ready", attempt: 1, frames: [], splits: [] }],
    joins: {},
    seq: 0,
    ...(event ? { event } : {}),
    ...(record !== undefined ? { record } : {}),
  };
}

/** A fresh token id, unique within the run. */
export function nextTokenId(state: RunState): string {
  state.seq += 1;
  return `t${state.seq}x`;
}

/**
 * A copy a step may change without touching the committed state (a failed attempt is discarded,
 * and a staged commit is serialized later). Only what steps change is copied: the tokens and
 * their frames, the join counters, and the maps whose entries steps replace. Step outputs, the
 * event, the record and vars are never changed in place, so they are shared (a deep copy of them
 * was the largest allocation of every step).
 */
export function cloneState(state: RunState): RunState {
  const copy: RunState = {
    ...state,
    steps: { ...state.steps },
    tokens: state.tokens.map(cloneToken),
    joins: {},
  };
  for (const [key, join] of Object.entries(state.joins)) copy.joins[key] = { ...join };
  if (state.overlay) copy.overlay = { ...state.overlay };
  return copy;
}

function cloneToken(token: Token): Token {
  return {
    ...token,
    frames: token.frames.map((f) => ({ ...f, results: [...f.results] })),
    splits: [...token.splits],
  };
}
