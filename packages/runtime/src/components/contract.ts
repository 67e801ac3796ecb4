import type { Component, Entity, Step } from "@switchyard/definitions";
import type { RecordRow, RunMode } from "@switchyard/store";
import type { Sandbox } from "../sandbox/index.js";

/** What a step knows about its run. */
export interface RunInfo {
  readonly id: string;
  readonly tenantId: string;
  readonly workflowId: string;
  readonly version: number;
  readonly mode: RunMode;
  readonly region: string;
  /** When the run started (ms since the epoch): the time part of the ids its effects get. */
  readonly startedAt: number;
}

/** A failure of a step, as a value: a stable code, a message a user can act on, and a hint. */
export interface StepError {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  /** Field-level problems, e.g. a record that does not match its entity's schema. */
  readonly details?: readonly { readonly field: string; readonly message: string }[];
}

/** Why a decision step (switch, score, assign) decided as it did: shown in run history. */
export interface Explanation {
  readonly summary: string;
  readonly rules?: readonly {
    readonly id: string;
    readonly fired: boolean;
    readonly weight?: number;
    readonly reason?: string;
  }[];
  readonly inputs?: Readonly<Record<string, unknown>>;
  readonly result?: unknown;
}

/** Something a step waits for; the engine persists it and resumes the step when it happens. */
export type WaitRequest =
  | { readonly kind: "timer"; readonly dueAt: number }
  | {
      readonly kind: "event";
      readonly eventType: string;
      readonly match?: string;
      readonly timeoutAt?: number;
    }
  | { readonly kind: "task"; readonly task: TaskRequest }
  | { readonly kind: "outbox"; readonly outboxId: string };

export interface TaskRequest {
  readonly kind: "approval" | "form";
  readonly title: string;
  readonly assignees: readonly string[];
  readonly payload: unknown;
  readonly dueAt?: number;
}

/** What the step was waiting for, now that it happened. */
export type ResumeSignal =
  | { readonly kind: "timer" }
  | { readonly kind: "timeout" }
  | {
      readonly kind: "event";
      readonly event: {
        readonly id: string;
        readonly type: string;
        readonly payload: unknown;
        readonly occurredAt: number;
      };
    }
  | { readonly kind: "task"; readonly result: unknown; readonly completedBy: string }
  | { readonly kind: "outbox"; readonly ok: boolean; readonly result: unknown; readonly error?: string }
  | {
      readonly kind: "child";
      readonly runId: string;
      readonly ok: boolean;
      readonly output: unknown;
      readonly error?: unknown;
    };

export type StepOutcome =
  | { readonly kind: "completed"; readonly output: unknown; readonly explanation?: Explanation }
  | { readonly kind: "waiting"; readonly waitFor: WaitRequest }
  | { readonly kind: "failed"; readonly error: StepError; readonly retryable: boolean };

/** Reads records as the step's run sees them (live data; a shadow overlay later). */
export interface RecordAccess {
  get(entity: string, id: string): Promise<RecordRow | undefined>;
  /** Records whose fields equal the given values (compared as text). */
  find(entity: string, match: Readonly<Record<string, unknown>>, limit?: number): Promise<RecordRow[]>;
}

/**
 * The one door to the world. Components never write records or call out themselves: they ask
 * the gateway, which validates and stages the effect into the step's atomic commit (records) or
 * the durable outbox (e-mail, HTTP). Shadow mode swaps in a gateway that records instead.
 */
export interface EffectsGateway {
  /** Stages a new record; throws a StepFailure with field errors when it does not fit its schema. */
  createRecord(
    entity: string,
    data: Record<string, unknown>,
  ): Promise<{ id: string; record: Record<string, unknown> }>;
  /** Stages changed fields of an existing record (merged, then validated). */
  updateRecord(
    entity: string,
    id: string,
    changes: Record<string, unknown>,
  ): Promise<{ id: string; record: Record<string, unknown> }>;
  sendEmail(message: { to: readonly string[]; cc?: readonly string[]; subject: string; body: string }): {
    outboxId: string;
  };
  httpRequest(request: {
    method: string;
    url: string;
    headers: Readonly<Record<string, string>>;
    body?: unknown;
    timeoutMs: number;
  }): { outboxId: string };
  notify(notification: { recipients: readonly string[]; title: string; message: string; link?: string }): {
    ids: string[];
  };
  /** The next value of a durable per-tenant counter (round-robin assignment). */
  nextCounter(key: string): Promise<number>;
}

/** Everything a component gets to run one step. */
export interface StepContext {
  readonly run: RunInfo;
  readonly step: Step;
  readonly manifest: Component;
  readonly config: Readonly<Record<string, unknown>>;
  /** Evaluated `inputs:` bindings. */
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly attempt: number;
  readonly now: number;
  /**
   * Names this execution of the step: the same when it is replayed after a crash (so its effects
   * get the same idempotency keys and are not repeated), new for each retry attempt.
   */
  readonly key: string;
  /** Evaluates CEL in the step's scope (record, event, vars, steps, item …); throws StepFailure. */
  evaluate(source: string, extra?: Readonly<Record<string, unknown>>): unknown;
  /** Renders `{{ expr }}` parts of a template; throws StepFailure. */
  render(template: string, extra?: Readonly<Record<string, unknown>>): string;
  readonly records: RecordAccess;
  readonly effects: EffectsGateway;
  readonly sandbox: Sandbox;
  entity(id: string): Entity | undefined;
  /** Set when the step is resumed after waiting. */
  readonly resume?: ResumeSignal;
}

/** A component's behaviour. Control flow (switch, parallel, join, for-each, sub-workflow) lives in the engine. */
export interface ComponentImplementation {
  readonly id: string;
  execute(ctx: StepContext): Promise<StepOutcome> | StepOutcome;
}

/** Thrown inside a component (or by ctx.evaluate) to fail the step with a typed error. */
export class StepFailure extends Error {
  constructor(
    readonly error: StepError,
    readonly retryable = false,
  ) {
    super(error.message);
    this.name = "StepFailure";
  }
}
