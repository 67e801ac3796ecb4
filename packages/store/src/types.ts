import type { BreakerOutcome } from "./governance/governance-store.js";

/** Status of a workflow run. `waiting` runs resume on a timer, an event, a task or an outbox reply. */
export type RunStatus = "running" | "waiting" | "completed" | "failed" | "paused" | "cancelled";

/** Live runs perform effects; shadow runs (a later issue) record them in a ledger instead. */
export type RunMode = "live" | "shadow";

/** An event as it arrives, before it is stored. */
export interface IncomingEvent {
  readonly tenantId: string;
  readonly id: string;
  readonly idempotencyKey: string;
  readonly type: string;
  readonly source: string;
  readonly payload: unknown;
  readonly occurredAt: number;
}

/** An event in the inbox. */
export interface StoredEvent extends IncomingEvent {
  readonly seq: number;
  readonly receivedAt: number;
  readonly status: "pending" | "processed";
}

export interface DefinitionVersion {
  readonly tenantId: string;
  readonly kind: string;
  readonly definitionId: string;
  readonly version: number;
  readonly source: string;
  readonly body: unknown;
  readonly hash: string;
  readonly status: string;
  readonly createdAt: number;
  readonly createdBy: string;
}

export interface RunRow {
  readonly id: string;
  readonly tenantId: string;
  readonly workflowId: string;
  readonly version: number;
  readonly mode: RunMode;
  readonly trigger: string;
  readonly eventId: string | null;
  readonly parentRunId: string | null;
  readonly status: RunStatus;
  readonly state: unknown;
  readonly error: unknown;
  readonly startedAt: number;
  readonly updatedAt: number;
  readonly finishedAt: number | null;
  /**
   * How many transitions the store has committed for this run. A commit carrying `rev` applies only
   * if the stored run still has that revision (another worker moved it otherwise: `store/run-changed`),
   * and the stored revision becomes `rev + 1`. Absent: a new run, or a write that does not check.
   */
  readonly rev?: number;
}

/**
 * A claim on work for one worker until `until`: other workers skip what it claimed, and take it
 * over once the claim has expired (the worker died), so no work is lost or done by two at once.
 */
export interface Lease {
  readonly owner: string;
  readonly now: number;
  readonly until: number;
}

export interface StepExecutionRow {
  readonly runId: string;
  readonly stepId: string;
  readonly tokenId: string;
  readonly attempt: number;
  readonly status: "completed" | "failed" | "waiting" | "retrying" | "resumed";
  readonly input: unknown;
  readonly output: unknown;
  readonly error: unknown;
  readonly explanation: unknown;
  readonly effects: unknown;
  readonly startedAt: number;
  readonly finishedAt: number;
}

export interface RecordRow {
  readonly tenantId: string;
  readonly entity: string;
  readonly id: string;
  readonly data: Record<string, unknown>;
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A record write inside a step commit. `writeKey` is unique: replaying the same write is a no-op. */
export interface RecordWrite {
  readonly entity: string;
  readonly id: string;
  readonly op: "create" | "update";
  readonly data: Record<string, unknown>;
  readonly writeKey: string;
  /**
   * An update's base: the record's version when the step read it. The write applies only if the
   * record still has it (`store/record-changed` otherwise), so concurrent updates never overwrite
   * each other. Absent: the update does not check.
   */
  readonly baseVersion?: number;
  /** Field → value copies kept in an index for look-ups (core fields and match fields). */
  readonly indexed: Readonly<Record<string, string>>;
}

export interface OutboxItem {
  readonly id: string;
  readonly tenantId: string;
  readonly runId: string | null;
  readonly tokenId: string | null;
  readonly idempotencyKey: string;
  readonly kind: "email" | "http";
  readonly payload: unknown;
  readonly status: "pending" | "sent" | "failed";
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  readonly result: unknown;
  readonly createdAt: number;
  readonly sentAt: number | null;
}

export interface TimerRow {
  readonly id: string;
  readonly tenantId: string;
  readonly runId: string;
  readonly tokenId: string;
  readonly purpose: "wait" | "timeout" | "retry" | "due";
  readonly dueAt: number;
}

export interface EventWaitRow {
  readonly id: string;
  readonly tenantId: string;
  readonly runId: string;
  readonly tokenId: string;
  readonly eventType: string;
  readonly match: string | null;
}

export interface TaskRow {
  readonly id: string;
  readonly tenantId: string;
  readonly runId: string;
  readonly tokenId: string;
  readonly kind: "approval" | "form";
  readonly title: string;
  readonly assignees: readonly string[];
  readonly payload: unknown;
  readonly status: "open" | "completed" | "cancelled";
  readonly result: unknown;
  readonly createdAt: number;
  readonly dueAt: number | null;
  readonly completedAt: number | null;
  readonly completedBy: string | null;
}

export interface NotificationRow {
  readonly id: string;
  readonly tenantId: string;
  readonly recipient: string;
  readonly title: string;
  readonly message: string;
  readonly link: string | null;
  readonly runId: string | null;
  readonly createdAt: number;
}

/**
 * Everything one step transition changes, committed atomically: the run's new state, the step's
 * history row, and the effects the step caused. A crash before the commit leaves no trace of the
 * step, so it simply runs again; a crash after it finds the step done.
 */
export interface StepCommit {
  readonly run: RunRow;
  readonly newRuns?: readonly RunRow[];
  /** Other runs changed by the same transition (a parent resumed by its finished sub-workflow). */
  readonly relatedRuns?: readonly RunRow[];
  /** Outbox items whose delivery this transition records (the reply resumes the waiting step). */
  readonly outboxUpdates?: readonly OutboxUpdate[];
  readonly execution?: StepExecutionRow;
  readonly recordWrites?: readonly RecordWrite[];
  readonly outbox?: readonly OutboxItem[];
  readonly timers?: readonly TimerRow[];
  readonly firedTimers?: readonly string[];
  readonly waits?: readonly EventWaitRow[];
  readonly resolvedWaits?: readonly string[];
  readonly tasks?: readonly TaskRow[];
  readonly notifications?: readonly NotificationRow[];
  /** Observations for circuit breakers, written with the transition that caused them. */
  readonly outcomes?: readonly BreakerOutcome[];
}

/**
 * One unit of work in a group commit (`Store.writeBatch`): a step transition, an event's runs
 * started and the event marked processed, or deliveries recorded that no step waits for.
 */
export type StoreWrite =
  | { readonly kind: "commit"; readonly commit: StepCommit }
  | {
      readonly kind: "start-runs";
      readonly eventSeq: number | null;
      readonly runs: readonly RunRow[];
      /** The runs start claimed by this lease: the worker that started them advances them at once. */
      readonly lease?: Lease;
    }
  | { readonly kind: "deliveries"; readonly updates: readonly OutboxUpdate[] };

/** A write of a batch that was not applied, and why. */
export interface BatchFailure {
  /** Its position in the batch. */
  readonly index: number;
  /** The run it belongs to (a start-runs write: its first run, if any). */
  readonly runId: string | undefined;
  /** The store's error, or "skipped" for a later write of a run whose earlier write failed. */
  readonly error: unknown;
}

export interface RunFilter {
  readonly tenantId?: string;
  readonly workflowId?: string;
  readonly status?: RunStatus;
  readonly mode?: RunMode;
  readonly version?: number;
  readonly limit?: number;
}

/** The delivery state of an outbox item after an attempt. */
export type OutboxUpdate = Pick<
  OutboxItem,
  "id" | "status" | "attempts" | "nextAttemptAt" | "lastError" | "result" | "sentAt"
>;

/** A definition being edited: its YAML as the author wrote it. */
export interface DraftRow {
  readonly tenantId: string;
  readonly kind: string;
  readonly definitionId: string;
  readonly source: string;
  readonly updatedAt: number;
  readonly updatedBy: string;
}
