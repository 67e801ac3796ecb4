import { and, asc, desc, eq, gte, lte, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { PgAuditStore } from "../audit/pg-audit-store.js";
import { PgAuthStore } from "../auth/pg-auth-store.js";
import { PgGovernanceStore } from "../governance/pg-governance-store.js";
import type { Store } from "../store.js";
import type {
  BatchFailure,
  DefinitionVersion,
  DraftRow,
  IncomingEvent,
  Lease,
  NotificationRow,
  OutboxUpdate,
  RecordWrite,
  RunFilter,
  RunRow,
  StepCommit,
  StoreWrite,
} from "../types.js";
import * as auth from "./auth-schema.js";
import * as claims from "./claims.js";
import { applyBatchWhole } from "./batch.js";
import { applyBatch, applyOutboxUpdate, applyStartRuns, applyStepCommit } from "./commit.js";
import type { Db } from "./db.js";
import * as governance from "./governance-schema.js";
import { migrateLocked } from "./migrate.js";
import * as records from "./records.js";
import { retryTransient } from "./retry.js";
import { toEvent, toExecution, toOutbox, toRun, toTask, toTimer, visibleColumns } from "./rows.js";
import * as t from "./schema.js";
import { readGenerations } from "./generation.js";
import * as versions from "./versions.js";

/** Connections per store. Each worker process opens one store; PostgreSQL's limit is shared by all. */
const POOL_SIZE = 4;

/**
 * Opens the store in the PostgreSQL database at `url` (postgres://…), applying pending migrations
 * first. Several processes may open the same database at once: migrations are serialized, and
 * every method is safe against the same method running in another process.
 */
export async function openPgStore(url: string): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  // An idle connection the server drops (restart, failover) must not crash the process; the
  // pool replaces it on the next query.
  pool.on("error", () => {});
  try {
    await migrateLocked(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new PgStore(pool, drizzle(pool, { schema: { ...t, ...auth, ...governance } }));
}

class PgStore implements Store {
  readonly auth: PgAuthStore;
  readonly audit: PgAuditStore;
  readonly governance: PgGovernanceStore;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly db: Db,
  ) {
    this.auth = new PgAuthStore(db);
    this.audit = new PgAuditStore(db);
    this.governance = new PgGovernanceStore(db);
  }

  async ensureTenant(id: string, name: string): Promise<void> {
    await this.db.insert(t.tenants).values({ id, name, createdAt: Date.now() }).onConflictDoNothing();
  }

  async listTenants(): Promise<string[]> {
    const rows = await this.db.select({ id: t.tenants.id }).from(t.tenants).orderBy(asc(t.tenants.id));
    return rows.map((r) => r.id);
  }

  async publishVersion(v: Omit<DefinitionVersion, "version" | "createdAt" | "hash">) {
    return retryTransient(() => versions.publishVersion(this.db, v));
  }

  async setVersionStatus(
    tenantId: string,
    kind: string,
    definitionId: string,
    version: number,
    status: string,
  ) {
    await retryTransient(() =>
      versions.setVersionStatus(this.db, { tenantId, kind, definitionId }, version, status),
    );
  }

  async getVersion(tenantId: string, kind: string, definitionId: string, version: number) {
    return versions.getVersion(this.db, tenantId, kind, definitionId, version);
  }

  async versionsWithStatus(tenantId: string, kind: string, status: string) {
    return versions.versionsWithStatus(this.db, tenantId, kind, status);
  }

  async latestVersions(tenantId: string, kind: string) {
    return versions.latestVersions(this.db, tenantId, kind);
  }

  async ingest(event: IncomingEvent): Promise<{ accepted: boolean; seq: number }> {
    const [inserted] = await this.db
      .insert(t.inbox)
      .values({ ...event, payload: JSON.stringify(event.payload), receivedAt: Date.now(), status: "pending" })
      .onConflictDoNothing()
      .returning({ seq: t.inbox.seq });
    if (inserted) return { accepted: true, seq: inserted.seq };
    // A conflicting insert waited for the other transaction to commit, so the row is visible now.
    const [existing] = await this.db
      .select({ seq: t.inbox.seq })
      .from(t.inbox)
      .where(and(eq(t.inbox.tenantId, event.tenantId), eq(t.inbox.idempotencyKey, event.idempotencyKey)));
    return { accepted: false, seq: existing?.seq ?? 0 };
  }

  async pendingEvents(limit: number) {
    const rows = await this.db
      .select()
      .from(t.inbox)
      .where(eq(t.inbox.status, "pending"))
      .orderBy(asc(t.inbox.seq))
      .limit(limit);
    return rows.map(toEvent);
  }

  async claimEvents(lease: Lease, limit: number) {
    return claims.claimEvents(this.db, lease, limit);
  }

  async getEvent(tenantId: string, id: string) {
    const [row] = await this.db
      .select()
      .from(t.inbox)
      .where(and(eq(t.inbox.tenantId, tenantId), eq(t.inbox.id, id)));
    return row && toEvent(row);
  }

  async eventsSince(tenantId: string, since: number, limit: number) {
    const rows = await this.db
      .select()
      .from(t.inbox)
      .where(and(eq(t.inbox.tenantId, tenantId), gte(t.inbox.occurredAt, since)))
      .orderBy(asc(t.inbox.occurredAt), asc(t.inbox.seq))
      .limit(limit);
    return rows.map(toEvent);
  }

  async startRuns(eventSeq: number | null, newRuns: readonly RunRow[]): Promise<void> {
    await retryTransient(() => this.db.transaction((tx) => applyStartRuns(tx, eventSeq, newRuns)));
  }

  async getRun(id: string) {
    const [row] = await this.db.select().from(t.runs).where(eq(t.runs.id, id));
    return row && toRun(row);
  }

  async runsWithStatus(status: RunRow["status"], limit: number) {
    const rows = await this.db
      .select()
      .from(t.runs)
      .where(eq(t.runs.status, status))
      .orderBy(asc(t.runs.startedAt), asc(t.runs.rowid))
      .limit(limit);
    return rows.map(toRun);
  }

  async claimRuns(lease: Lease, limit: number) {
    return claims.claimRuns(this.db, lease, limit);
  }

  async listRuns(filter: RunFilter) {
    const where = [
      filter.tenantId ? eq(t.runs.tenantId, filter.tenantId) : undefined,
      filter.workflowId ? eq(t.runs.workflowId, filter.workflowId) : undefined,
      filter.status ? eq(t.runs.status, filter.status) : undefined,
      filter.mode ? eq(t.runs.mode, filter.mode) : undefined,
      filter.version !== undefined ? eq(t.runs.version, filter.version) : undefined,
    ].filter((c) => c !== undefined);
    const rows = await this.db
      .select()
      .from(t.runs)
      .where(and(...where))
      .orderBy(desc(t.runs.startedAt), desc(t.runs.id))
      .limit(filter.limit ?? 100);
    return rows.map(toRun);
  }

  async stepExecutions(runId: string) {
    const rows = await this.db
      .select()
      .from(t.stepExecutions)
      .where(eq(t.stepExecutions.runId, runId))
      .orderBy(asc(t.stepExecutions.seq));
    return rows.map(toExecution);
  }

  async commit(c: StepCommit): Promise<void> {
    await retryTransient(() => this.db.transaction((tx) => applyStepCommit(tx, c)));
  }

  async writeBatch(writes: readonly StoreWrite[]): Promise<{ failures: BatchFailure[] }> {
    if (writes.length === 0) return { failures: [] };
    try {
      // Failures are rare: try the batch whole, and isolate the failing write only if one fails.
      await retryTransient(() => this.db.transaction((tx) => applyBatchWhole(tx, writes)));
      return { failures: [] };
    } catch {
      return { failures: await retryTransient(() => this.db.transaction((tx) => applyBatch(tx, writes))) };
    }
  }

  async putDraft(draft: DraftRow) {
    await versions.putDraft(this.db, draft);
  }

  async getDraft(tenantId: string, kind: string, definitionId: string) {
    return versions.getDraft(this.db, tenantId, kind, definitionId);
  }

  async listDrafts(tenantId: string) {
    return versions.listDrafts(this.db, tenantId);
  }

  async deleteDraft(tenantId: string, kind: string, definitionId: string) {
    await versions.deleteDraft(this.db, tenantId, kind, definitionId);
  }

  async getRecord(tenantId: string, entity: string, id: string) {
    return records.getRecord(this.db, tenantId, entity, id);
  }

  async listRecords(tenantId: string, entity: string, options: { limit: number; offset: number }) {
    return records.listRecords(this.db, tenantId, entity, options);
  }

  async writeRecord(tenantId: string, write: RecordWrite, actor: string, expectedVersion?: number) {
    return retryTransient(() => records.writeRecord(this.db, tenantId, write, actor, expectedVersion));
  }

  async deleteRecord(tenantId: string, entity: string, id: string) {
    return retryTransient(() => records.deleteRecord(this.db, tenantId, entity, id));
  }

  async findRecords(
    tenantId: string,
    entity: string,
    match: Readonly<Record<string, string>>,
    limit: number,
  ) {
    return records.findRecords(this.db, tenantId, entity, match, limit);
  }

  async countRecordWrites(tenantId: string) {
    return records.countRecordWrites(this.db, tenantId);
  }

  async configGenerations(): Promise<ReadonlyMap<string, number>> {
    return readGenerations(this.db);
  }

  async nextCounter(tenantId: string, key: string): Promise<number> {
    // One statement: the conflicting insert takes the row lock, so concurrent callers never share a value.
    const [row] = await this.db
      .insert(t.counters)
      .values({ tenantId, key, value: 1 })
      .onConflictDoUpdate({
        target: [t.counters.tenantId, t.counters.key],
        set: { value: sql`${t.counters.value} + 1` },
      })
      .returning({ value: t.counters.value });
    return (row?.value ?? 1) - 1;
  }

  async dueTimers(now: number, limit: number) {
    const rows = await this.db
      .select()
      .from(t.timers)
      .where(and(eq(t.timers.status, "pending"), lte(t.timers.dueAt, now)))
      .orderBy(asc(t.timers.dueAt), asc(t.timers.rowid))
      .limit(limit);
    return rows.map(toTimer);
  }

  async claimTimers(lease: Lease, limit: number) {
    return claims.claimTimers(this.db, lease, limit);
  }

  async waitsFor(tenantId: string, eventType: string) {
    return this.db
      .select(visibleColumns(t.eventWaits))
      .from(t.eventWaits)
      .where(
        and(
          eq(t.eventWaits.tenantId, tenantId),
          eq(t.eventWaits.eventType, eventType),
          eq(t.eventWaits.status, "waiting"),
        ),
      )
      .orderBy(asc(t.eventWaits.rowid));
  }

  async claimOutbox(lease: Lease, limit: number) {
    return claims.claimOutbox(this.db, lease, limit);
  }

  async updateOutbox(update: OutboxUpdate) {
    await applyOutboxUpdate(this.db, update);
  }

  async listOutbox(tenantId: string) {
    const rows = await this.db
      .select()
      .from(t.outbox)
      .where(eq(t.outbox.tenantId, tenantId))
      .orderBy(asc(t.outbox.createdAt), asc(t.outbox.rowid));
    return rows.map(toOutbox);
  }

  async outboxOfRun(runId: string) {
    const rows = await this.db
      .select()
      .from(t.outbox)
      .where(eq(t.outbox.runId, runId))
      .orderBy(asc(t.outbox.createdAt), asc(t.outbox.id));
    return rows.map(toOutbox);
  }

  async getTask(id: string) {
    const [row] = await this.db.select().from(t.tasks).where(eq(t.tasks.id, id));
    return row && toTask(row);
  }

  async listTasks(tenantId: string, status?: "open" | "completed" | "cancelled") {
    const where = status
      ? and(eq(t.tasks.tenantId, tenantId), eq(t.tasks.status, status))
      : eq(t.tasks.tenantId, tenantId);
    const rows = await this.db
      .select()
      .from(t.tasks)
      .where(where)
      .orderBy(asc(t.tasks.createdAt), asc(t.tasks.rowid));
    return rows.map(toTask);
  }

  async listNotifications(tenantId: string, recipient?: string) {
    const where = recipient
      ? and(eq(t.notifications.tenantId, tenantId), eq(t.notifications.recipient, recipient))
      : eq(t.notifications.tenantId, tenantId);
    return this.db
      .select(visibleColumns(t.notifications))
      .from(t.notifications)
      .where(where)
      .orderBy(asc(t.notifications.createdAt), asc(t.notifications.rowid));
  }

  async addNotifications(notifications: readonly NotificationRow[]): Promise<void> {
    if (notifications.length === 0) return;
    await this.db
      .insert(t.notifications)
      .values(notifications.map((n) => ({ ...n, readAt: null })))
      .onConflictDoNothing();
  }

  /** Ends the pool once, however often it is called, after its queries finish. */
  async close(): Promise<void> {
    this.closing ??= this.pool.end();
    await this.closing;
  }
}
