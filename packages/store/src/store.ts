import type { AuditStore } from "./audit/audit-store.js";
import type { AuthStore } from "./auth/auth-store.js";
import type { GovernanceStore } from "./governance/governance-store.js";
import type {
  DefinitionVersion,
  DraftRow,
  RecordWrite,
  EventWaitRow,
  IncomingEvent,
  Lease,
  NotificationRow,
  OutboxItem,
  OutboxUpdate,
  RecordRow,
  RunFilter,
  RunRow,
  StepCommit,
  StepExecutionRow,
  StoreWrite,
  BatchFailure,
  StoredEvent,
  TaskRow,
  TimerRow,
} from "./types.js";

/**
 * The durable store, as the runtime sees it. Every method is a complete unit of work (one
 * transaction), so the runtime never holds a transaction open across its own code, and a
 * PostgreSQL dialect can implement the same contract. Async even where SQLite is synchronous.
 */
export interface Store {
  /** Accounts, tenant memberships, sessions and API tokens (see auth/auth-store.ts). */
  readonly auth: AuthStore;
  /** The append-only, hash-chained audit log (see audit/audit-store.ts, docs/audit.md). */
  readonly audit: AuditStore;
  /** Shadow sessions, approvals, circuit breakers and the component whitelist. */
  readonly governance: GovernanceStore;

  ensureTenant(id: string, name: string): Promise<void>;
  listTenants(): Promise<string[]>;
  /**
   * Per tenant, a number that grows with every change a worker caches: a definition version
   * published or its status changed, a breaker written, a whitelist entry added or removed. A
   * tenant with no such change yet is absent. Workers reload a tenant only when its number moved.
   */
  configGenerations(): Promise<ReadonlyMap<string, number>>;

  /** Stores a new immutable version; its number is one more than the latest. */
  publishVersion(
    version: Omit<DefinitionVersion, "version" | "createdAt" | "hash">,
  ): Promise<DefinitionVersion>;
  /** Makes `version` the only version with `status` (e.g. live), moving the previous one to `retired`. */
  setVersionStatus(
    tenantId: string,
    kind: string,
    definitionId: string,
    version: number,
    status: string,
  ): Promise<void>;
  getVersion(
    tenantId: string,
    kind: string,
    definitionId: string,
    version: number,
  ): Promise<DefinitionVersion | undefined>;
  versionsWithStatus(tenantId: string, kind: string, status: string): Promise<DefinitionVersion[]>;
  latestVersions(tenantId: string, kind: string): Promise<DefinitionVersion[]>;

  /** Stores an event unless one with the same idempotency key exists; says which. */
  ingest(event: IncomingEvent): Promise<{ accepted: boolean; seq: number }>;
  pendingEvents(limit: number): Promise<StoredEvent[]>;
  /**
   * Pending events no live claim holds, oldest first, now claimed by `lease.owner`. Claims held by
   * `lease.owner` itself count as free (a worker restarted under its name takes them back).
   */
  claimEvents(lease: Lease, limit: number): Promise<StoredEvent[]>;
  /** Creates the event's runs (idempotently) and marks it processed, in one transaction. */
  startRuns(eventSeq: number | null, runs: readonly RunRow[]): Promise<void>;
  getEvent(tenantId: string, id: string): Promise<StoredEvent | undefined>;
  /** A tenant's stored events that occurred at or after `since`, oldest first (for shadow replay). */
  eventsSince(tenantId: string, since: number, limit: number): Promise<StoredEvent[]>;

  getRun(id: string): Promise<RunRow | undefined>;
  runsWithStatus(status: RunRow["status"], limit: number): Promise<RunRow[]>;
  /** Running runs no live claim holds, oldest first, now claimed. */
  claimRuns(lease: Lease, limit: number): Promise<RunRow[]>;
  listRuns(filter: RunFilter): Promise<RunRow[]>;
  stepExecutions(runId: string): Promise<StepExecutionRow[]>;
  commit(commit: StepCommit): Promise<void>;
  /**
   * Group commit: applies many writes in one transaction, each atomically on its own (a failing
   * write is rolled back alone; later writes of the same run are skipped, so a run never jumps
   * over a step). Cheaper than one transaction per write; the same guarantees per write.
   */
  writeBatch(writes: readonly StoreWrite[]): Promise<{ failures: BatchFailure[] }>;

  putDraft(draft: DraftRow): Promise<void>;
  getDraft(tenantId: string, kind: string, definitionId: string): Promise<DraftRow | undefined>;
  listDrafts(tenantId: string): Promise<DraftRow[]>;
  deleteDraft(tenantId: string, kind: string, definitionId: string): Promise<void>;

  getRecord(tenantId: string, entity: string, id: string): Promise<RecordRow | undefined>;
  listRecords(
    tenantId: string,
    entity: string,
    options: { limit: number; offset: number },
  ): Promise<RecordRow[]>;
  /**
   * Writes a record outside any run (the records API), with the same write log and index as a
   * step's writes. `expectedVersion` makes an update fail (returns false) if the record changed since.
   */
  writeRecord(
    tenantId: string,
    write: RecordWrite,
    actor: string,
    expectedVersion?: number,
  ): Promise<boolean>;
  deleteRecord(tenantId: string, entity: string, id: string): Promise<boolean>;
  /** Records whose indexed fields equal all the given values. */
  findRecords(
    tenantId: string,
    entity: string,
    match: Readonly<Record<string, string>>,
    limit: number,
  ): Promise<RecordRow[]>;
  countRecordWrites(tenantId: string): Promise<{ total: number; distinctKeys: number }>;

  /** Adds one to a per-tenant counter and returns the value before (0 the first time). */
  nextCounter(tenantId: string, key: string): Promise<number>;

  dueTimers(now: number, limit: number): Promise<TimerRow[]>;
  /** Due timers no live claim holds, now claimed. */
  claimTimers(lease: Lease, limit: number): Promise<TimerRow[]>;
  waitsFor(tenantId: string, eventType: string): Promise<EventWaitRow[]>;

  /** Due outbox items no live claim holds, now claimed (a worker that dies mid-delivery leaves them to another). */
  claimOutbox(lease: Lease, limit: number): Promise<OutboxItem[]>;
  updateOutbox(update: OutboxUpdate): Promise<void>;
  listOutbox(tenantId: string): Promise<OutboxItem[]>;
  /** The outbox items a run created, oldest first. */
  outboxOfRun(runId: string): Promise<OutboxItem[]>;

  getTask(id: string): Promise<TaskRow | undefined>;
  listTasks(tenantId: string, status?: TaskRow["status"]): Promise<TaskRow[]>;
  listNotifications(tenantId: string, recipient?: string): Promise<NotificationRow[]>;
  /** Notifications outside any step (a breaker that opened); a repeated id is ignored. */
  addNotifications(notifications: readonly NotificationRow[]): Promise<void>;

  close(): Promise<void>;
}
