import { createHash } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { and, asc, count, countDistinct, desc, eq, gte, inArray, lte, max, sql } from "drizzle-orm";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { AuditStore } from "../audit/audit-store.js";
import { SqliteAuditStore } from "../audit/sqlite-audit-store.js";
import type { AuthStore } from "../auth/auth-store.js";
import { SqliteAuthStore } from "../auth/sqlite-auth-store.js";
import { SqliteGovernanceStore } from "../governance/sqlite-governance-store.js";
import type { Store } from "../store.js";
import type {
  DefinitionVersion,
  DraftRow,
  RecordWrite,
  IncomingEvent,
  Lease,
  NotificationRow,
  OutboxUpdate,
  RecordRow,
  RunFilter,
  RunRow,
  StepCommit,
  StoreWrite,
  BatchFailure,
} from "../types.js";
import { fromRun, jsonText, toEvent, toExecution, toOutbox, toRun, toTask, toTimer } from "./rows.js";
import * as t from "./schema.js";
import { collapsedRuns, collapsible, writeRunId } from "../batch-shape.js";
import { SqliteGenerations } from "./generation.js";
import { claimQueries, rowColumns } from "./claims.js";
import { HotStatements } from "./statements.js";

const MIGRATIONS = path.resolve(import.meta.dirname, "../../migrations/sqlite");

type Db = BetterSQLite3Database<typeof t>;

/**
 * WAL pages between automatic checkpoints (SQLite's default: 1,000, ~4 MB). A checkpoint syncs
 * the WAL and the database and copies every page the WAL holds once, however often it was written
 * since; ten times the interval copies pages written by many group commits (index interiors, table
 * tails, the outbox) once, not once per ~40 runs. Measured alone (scaling bench, 2026-11-23):
 * 61 → 45 KiB written per five-step run with 1k runs stored, 138 → 120 KiB with 100k, and fewer
 * pages read back. The price: a WAL of up to ~40 MB, and a longer recovery after a crash.
 */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * Opens (creating if needed) the embedded SQLite store at `file` (":memory:" for tests), in WAL
 * mode with synchronous=NORMAL, and applies pending migrations.
 */
export function openSqliteStore(file: string): Store {
  const client = new Database(file);
  client.pragma("journal_mode = WAL");
  client.pragma("synchronous = NORMAL");
  client.pragma("busy_timeout = 5000");
  client.pragma("foreign_keys = ON");
  client.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  const db = drizzle(client, { schema: t });
  migrate(db, { migrationsFolder: MIGRATIONS });
  return new SqliteStore(client, db);
}

// Key conditions, written once: the tenant always comes first, so no query can cross tenants.
const versionsOf = (tenantId: string, kind: string, definitionId: string) =>
  and(
    eq(t.definitionVersions.tenantId, tenantId),
    eq(t.definitionVersions.kind, kind),
    eq(t.definitionVersions.definitionId, definitionId),
  );
const draftOf = (tenantId: string, kind: string, definitionId: string) =>
  and(
    eq(t.definitionDrafts.tenantId, tenantId),
    eq(t.definitionDrafts.kind, kind),
    eq(t.definitionDrafts.definitionId, definitionId),
  );
const recordOf = (tenantId: string, entity: string, id: string) =>
  and(eq(t.records.tenantId, tenantId), eq(t.records.entity, entity), eq(t.records.id, id));
const indexOf = (tenantId: string, entity: string, recordId: string) =>
  and(
    eq(t.recordFields.tenantId, tenantId),
    eq(t.recordFields.entity, entity),
    eq(t.recordFields.recordId, recordId),
  );

class SqliteStore implements Store {
  readonly auth: AuthStore;
  readonly audit: AuditStore;
  readonly governance: SqliteGovernanceStore;
  private readonly hot: HotStatements;
  /** The engine loop's reads, prepared once (building a query each time cost more than running it). */
  private readonly polls: ReturnType<typeof pollingQueries>;
  private readonly claims: ReturnType<typeof claimQueries>;
  /** Events waiting for the inbox's next group commit. */
  private ingests: {
    readonly event: IncomingEvent;
    readonly resolve: (stored: { accepted: boolean; seq: number }) => void;
    readonly reject: (error: unknown) => void;
  }[] = [];

  private readonly generations: SqliteGenerations;

  constructor(
    private readonly client: Database.Database,
    private readonly db: Db,
  ) {
    this.hot = new HotStatements(client);
    this.auth = new SqliteAuthStore(client);
    this.audit = new SqliteAuditStore(client);
    this.generations = new SqliteGenerations(client);
    this.governance = new SqliteGovernanceStore(client, this.generations);
    this.polls = pollingQueries(db, client);
    this.claims = claimQueries(client);
  }

  async ensureTenant(id: string, name: string): Promise<void> {
    this.db.insert(t.tenants).values({ id, name, createdAt: Date.now() }).onConflictDoNothing().run();
  }

  async configGenerations(): Promise<ReadonlyMap<string, number>> {
    return this.generations.all();
  }

  async listTenants(): Promise<string[]> {
    return this.db
      .select({ id: t.tenants.id })
      .from(t.tenants)
      .orderBy(asc(t.tenants.id))
      .all()
      .map((r) => r.id);
  }

  async publishVersion(
    v: Omit<DefinitionVersion, "version" | "createdAt" | "hash">,
  ): Promise<DefinitionVersion> {
    return this.db.transaction((tx) => {
      const latest = tx
        .select({ version: max(t.definitionVersions.version) })
        .from(t.definitionVersions)
        .where(versionsOf(v.tenantId, v.kind, v.definitionId))
        .get();
      const body = JSON.stringify(v.body);
      const row = {
        ...v,
        version: (latest?.version ?? 0) + 1,
        createdAt: Date.now(),
        hash: createHash("sha256").update(body).digest("hex"),
      };
      tx.insert(t.definitionVersions)
        .values({ ...row, body })
        .run();
      this.generations.changed(v.tenantId);
      return row;
    });
  }

  async setVersionStatus(
    tenantId: string,
    kind: string,
    definitionId: string,
    version: number,
    status: string,
  ): Promise<void> {
    const same = versionsOf(tenantId, kind, definitionId);
    this.db.transaction((tx) => {
      tx.update(t.definitionVersions)
        .set({ status: "retired" })
        .where(and(same, eq(t.definitionVersions.status, status)))
        .run();
      tx.update(t.definitionVersions)
        .set({ status })
        .where(and(same, eq(t.definitionVersions.version, version)))
        .run();
      this.generations.changed(tenantId);
    });
  }

  async getVersion(
    tenantId: string,
    kind: string,
    definitionId: string,
    version: number,
  ): Promise<DefinitionVersion | undefined> {
    const row = this.db
      .select()
      .from(t.definitionVersions)
      .where(and(versionsOf(tenantId, kind, definitionId), eq(t.definitionVersions.version, version)))
      .get();
    return row && { ...row, body: JSON.parse(row.body) };
  }

  async versionsWithStatus(tenantId: string, kind: string, status: string): Promise<DefinitionVersion[]> {
    const rows = this.db
      .select()
      .from(t.definitionVersions)
      .where(
        and(
          eq(t.definitionVersions.tenantId, tenantId),
          eq(t.definitionVersions.kind, kind),
          eq(t.definitionVersions.status, status),
        ),
      )
      .all();
    return rows.map((row) => ({ ...row, body: JSON.parse(row.body) }));
  }

  async latestVersions(tenantId: string, kind: string): Promise<DefinitionVersion[]> {
    const rows = this.db
      .select()
      .from(t.definitionVersions)
      .where(and(eq(t.definitionVersions.tenantId, tenantId), eq(t.definitionVersions.kind, kind)))
      .orderBy(asc(t.definitionVersions.definitionId), desc(t.definitionVersions.version))
      .all();
    const seen = new Set<string>();
    return rows
      .filter((r) => !seen.has(r.definitionId) && seen.add(r.definitionId))
      .map((row) => ({ ...row, body: JSON.parse(row.body) }));
  }

  /**
   * Group commit of the inbox: events handed in during one turn of the event loop (concurrent API
   * requests) are stored in one transaction; each caller's promise resolves once it is committed.
   */
  ingest(event: IncomingEvent): Promise<{ accepted: boolean; seq: number }> {
    return new Promise((resolve, reject) => {
      this.ingests.push({ event, resolve, reject });
      if (this.ingests.length === 1) setImmediate(() => this.flushIngests());
    });
  }

  private flushIngests(): void {
    const batch = this.ingests;
    this.ingests = [];
    const now = Date.now();
    try {
      const stored = this.client.transaction(() => batch.map((i) => this.hot.ingest(i.event, now)))();
      batch.forEach((i, n) => i.resolve(stored[n]!));
    } catch {
      // One bad event must not fail the others: store them one by one.
      for (const i of batch) {
        try {
          i.resolve(this.hot.ingest(i.event, now));
        } catch (error) {
          i.reject(error);
        }
      }
    }
  }

  async pendingEvents(limit: number) {
    return this.polls.pendingEvents.all({ limit }).map(toEvent);
  }

  async claimEvents(lease: Lease, limit: number) {
    const params = { ...lease, limit };
    if (!this.claims.events.any.get(params)) return [];
    return this.claims.events.claim
      .all(params)
      .map(toEvent)
      .sort((a, b) => a.seq - b.seq);
  }

  async claimRuns(lease: Lease, limit: number) {
    const params = { ...lease, limit };
    if (!this.claims.runs.any.get(params)) return [];
    return this.claims.runs.claim
      .all(params)
      .map(toRun)
      .sort((a, b) => a.startedAt - b.startedAt);
  }

  async claimTimers(lease: Lease, limit: number) {
    const params = { ...lease, limit };
    if (!this.claims.timers.any.get(params)) return [];
    return this.claims.timers.claim
      .all(params)
      .map(toTimer)
      .sort((a, b) => a.dueAt - b.dueAt);
  }

  async claimOutbox(lease: Lease, limit: number) {
    const params = { ...lease, limit };
    if (!this.claims.outbox.any.get(params)) return [];
    return this.claims.outbox.claim
      .all(params)
      .map(toOutbox)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  async getEvent(tenantId: string, id: string) {
    const row = this.db
      .select()
      .from(t.inbox)
      .where(and(eq(t.inbox.tenantId, tenantId), eq(t.inbox.id, id)))
      .get();
    return row && toEvent(row);
  }

  async eventsSince(tenantId: string, since: number, limit: number) {
    return this.db
      .select()
      .from(t.inbox)
      .where(and(eq(t.inbox.tenantId, tenantId), gte(t.inbox.occurredAt, since)))
      .orderBy(asc(t.inbox.occurredAt), asc(t.inbox.seq))
      .limit(limit)
      .all()
      .map(toEvent);
  }

  async startRuns(eventSeq: number | null, newRuns: readonly RunRow[]): Promise<void> {
    this.client.transaction(() => this.applyStartRuns(eventSeq, newRuns))();
  }

  private applyStartRuns(eventSeq: number | null, newRuns: readonly RunRow[], lease?: Lease): void {
    for (const run of newRuns) this.hot.insertRun(run, lease);
    if (eventSeq !== null) this.hot.markProcessed(eventSeq, Date.now());
  }

  async writeBatch(writes: readonly StoreWrite[]): Promise<{ failures: BatchFailure[] }> {
    if (collapsible(writes))
      try {
        // The usual batch: whole, each run's row written once; on any failure, write by write.
        this.client.transaction(() => this.applyCollapsed(writes))();
        return { failures: [] };
      } catch {
        // Rolled back; the savepoints below find and isolate the failing write.
      }
    const failures: BatchFailure[] = [];
    const failedRuns = new Set<string>();
    this.client.transaction(() => {
      writes.forEach((write, index) => {
        const runId = writeRunId(write);
        if (runId !== undefined && failedRuns.has(runId)) {
          failures.push({ index, runId, error: "skipped" });
          return;
        }
        try {
          // A nested transaction is a savepoint: a failing write rolls back alone.
          this.client.transaction(() => this.applyWrite(write))();
        } catch (error) {
          if (runId !== undefined) failedRuns.add(runId);
          failures.push({ index, runId, error });
        }
      });
    })();
    return { failures };
  }

  async getRun(id: string) {
    const row = this.polls.getRun.get({ id });
    return row && toRun(row);
  }

  async runsWithStatus(status: RunRow["status"], limit: number) {
    return this.polls.runsWithStatus.all({ status, limit }).map(toRun);
  }

  async listRuns(filter: RunFilter) {
    const where = [
      filter.tenantId ? eq(t.runs.tenantId, filter.tenantId) : undefined,
      filter.workflowId ? eq(t.runs.workflowId, filter.workflowId) : undefined,
      filter.status ? eq(t.runs.status, filter.status) : undefined,
      filter.mode ? eq(t.runs.mode, filter.mode) : undefined,
      filter.version !== undefined ? eq(t.runs.version, filter.version) : undefined,
    ].filter((c) => c !== undefined);
    return this.db
      .select()
      .from(t.runs)
      .where(and(...where))
      .orderBy(desc(t.runs.startedAt), desc(t.runs.id))
      .limit(filter.limit ?? 100)
      .all()
      .map(toRun);
  }

  async stepExecutions(runId: string) {
    return this.db
      .select()
      .from(t.stepExecutions)
      .where(eq(t.stepExecutions.runId, runId))
      .orderBy(asc(t.stepExecutions.seq))
      .all()
      .map(toExecution);
  }

  /** A collapsible batch (see `collapsible`): everything in order, but each run's row written once, last. */
  private applyWrite(write: StoreWrite): void {
    switch (write.kind) {
      case "commit":
        return this.applyCommit(write.commit);
      case "start-runs":
        return this.applyStartRuns(write.eventSeq, write.runs, write.lease);
      case "deliveries":
        for (const update of write.updates) this.hot.updateOutbox(update);
    }
  }

  private applyCollapsed(writes: readonly StoreWrite[]): void {
    for (const write of writes)
      if (write.kind === "commit") this.applyCommit(write.commit, { runRow: false });
      else this.applyWrite(write);
    for (const { fromRev, count, last } of collapsedRuns(writes).values())
      this.hot.advanceRun(last, fromRev, fromRev + count);
  }

  async commit(c: StepCommit): Promise<void> {
    this.client.transaction(() => this.applyCommit(c))();
  }

  /** A step transition's writes; the caller holds the transaction. */
  private applyCommit(c: StepCommit, options: { runRow: boolean } = { runRow: true }): void {
    const hot = this.hot;
    const tx = this.db;
    const now = c.run.updatedAt;
    if (options.runRow) hot.upsertRun(c.run);
    for (const run of c.relatedRuns ?? []) hot.upsertRun(run);
    for (const update of c.outboxUpdates ?? []) hot.updateOutbox(update);
    for (const run of c.newRuns ?? []) tx.insert(t.runs).values(fromRun(run)).onConflictDoNothing().run();
    if (c.execution) hot.insertExecution(c.execution);
    for (const write of c.recordWrites ?? []) hot.applyRecordWrite(c.run, write, now);
    for (const item of c.outbox ?? []) hot.insertOutbox(item);
    for (const n of c.notifications ?? []) hot.insertNotification(n);
    if (c.outcomes) this.governance.recordOutcomesInTransaction(c.outcomes);
    for (const timer of c.timers ?? []) hot.insertTimer(timer);
    if (c.firedTimers?.length)
      tx.update(t.timers)
        .set({ status: "fired" })
        .where(inArray(t.timers.id, [...c.firedTimers]))
        .run();
    for (const wait of c.waits ?? [])
      tx.insert(t.eventWaits)
        .values({ ...wait, status: "waiting" })
        .onConflictDoNothing()
        .run();
    if (c.resolvedWaits?.length)
      tx.update(t.eventWaits)
        .set({ status: "resolved" })
        .where(inArray(t.eventWaits.id, [...c.resolvedWaits]))
        .run();
    for (const task of c.tasks ?? []) {
      const values = {
        ...task,
        assignees: JSON.stringify(task.assignees),
        payload: JSON.stringify(task.payload),
        result: jsonText(task.result),
      };
      tx.insert(t.tasks)
        .values(values)
        .onConflictDoUpdate({
          target: t.tasks.id,
          set: {
            status: values.status,
            result: values.result,
            completedAt: values.completedAt,
            completedBy: values.completedBy,
          },
        })
        .run();
    }
  }

  async putDraft(draft: DraftRow): Promise<void> {
    this.db
      .insert(t.definitionDrafts)
      .values(draft)
      .onConflictDoUpdate({
        target: [t.definitionDrafts.tenantId, t.definitionDrafts.kind, t.definitionDrafts.definitionId],
        set: { source: draft.source, updatedAt: draft.updatedAt, updatedBy: draft.updatedBy },
      })
      .run();
  }

  async getDraft(tenantId: string, kind: string, definitionId: string): Promise<DraftRow | undefined> {
    return this.db
      .select()
      .from(t.definitionDrafts)
      .where(draftOf(tenantId, kind, definitionId))
      .get();
  }

  async listDrafts(tenantId: string): Promise<DraftRow[]> {
    return this.db
      .select()
      .from(t.definitionDrafts)
      .where(eq(t.definitionDrafts.tenantId, tenantId))
      .orderBy(asc(t.definitionDrafts.definitionId))
      .all();
  }

  async deleteDraft(tenantId: string, kind: string, definitionId: string): Promise<void> {
    this.db
      .delete(t.definitionDrafts)
      .where(draftOf(tenantId, kind, definitionId))
      .run();
  }

  async listRecords(
    tenantId: string,
    entity: string,
    options: { limit: number; offset: number },
  ): Promise<RecordRow[]> {
    const rows = this.db
      .select()
      .from(t.records)
      .where(and(eq(t.records.tenantId, tenantId), eq(t.records.entity, entity)))
      .orderBy(asc(t.records.createdAt), asc(t.records.id))
      .limit(options.limit)
      .offset(options.offset)
      .all();
    return rows.map((row) => ({ ...row, data: JSON.parse(row.data) }));
  }

  async writeRecord(
    tenantId: string,
    write: RecordWrite,
    actor: string,
    expectedVersion?: number,
  ): Promise<boolean> {
    const now = Date.now();
    return this.client.transaction(() => {
      const current = this.db
        .select({ version: t.records.version })
        .from(t.records)
        .where(recordOf(tenantId, write.entity, write.id))
        .get();
      if (write.op === "create" && current) return false;
      if (
        write.op === "update" &&
        (!current || (expectedVersion !== undefined && current.version !== expectedVersion))
      )
        return false;
      const run = { id: `api:${actor}`, tenantId } as RunRow;
      this.hot.applyRecordWrite(run, write, now);
      return true;
    })();
  }

  async deleteRecord(tenantId: string, entity: string, id: string): Promise<boolean> {
    return this.client.transaction(() => {
      const deleted = this.db
        .delete(t.records)
        .where(recordOf(tenantId, entity, id))
        .run();
      this.db
        .delete(t.recordFields)
        .where(indexOf(tenantId, entity, id))
        .run();
      return deleted.changes > 0;
    })();
  }

  async getRecord(tenantId: string, entity: string, id: string): Promise<RecordRow | undefined> {
    const row = this.db
      .select()
      .from(t.records)
      .where(recordOf(tenantId, entity, id))
      .get();
    return row && { ...row, data: JSON.parse(row.data) };
  }

  async findRecords(
    tenantId: string,
    entity: string,
    match: Readonly<Record<string, string>>,
    limit: number,
  ): Promise<RecordRow[]> {
    const entries = Object.entries(match);
    if (entries.length === 0) return [];
    const ids = entries.map(([field, value]) =>
      this.db
        .select({ id: t.recordFields.recordId })
        .from(t.recordFields)
        .where(
          and(
            eq(t.recordFields.tenantId, tenantId),
            eq(t.recordFields.entity, entity),
            eq(t.recordFields.field, field),
            eq(t.recordFields.value, value),
          ),
        )
        .all()
        .map((r) => r.id),
    );
    const common = (ids[0] ?? []).filter((id) => ids.every((list) => list.includes(id))).slice(0, limit);
    if (common.length === 0) return [];
    const rows = this.db
      .select()
      .from(t.records)
      .where(
        and(eq(t.records.tenantId, tenantId), eq(t.records.entity, entity), inArray(t.records.id, common)),
      )
      .all();
    return rows.map((row) => ({ ...row, data: JSON.parse(row.data) }));
  }

  async countRecordWrites(tenantId: string) {
    const row = this.db
      .select({ total: count(), distinctKeys: countDistinct(t.recordWrites.writeKey) })
      .from(t.recordWrites)
      .where(eq(t.recordWrites.tenantId, tenantId))
      .get();
    return { total: row?.total ?? 0, distinctKeys: row?.distinctKeys ?? 0 };
  }

  async dueTimers(now: number, limit: number) {
    return this.polls.dueTimers.all({ now, limit }).map(toTimer);
  }

  async waitsFor(tenantId: string, eventType: string) {
    return this.polls.waitsFor.all({ tenantId, eventType });
  }

  async updateOutbox(update: OutboxUpdate) {
    this.hot.updateOutbox(update);
  }

  async nextCounter(tenantId: string, key: string): Promise<number> {
    const row = this.db
      .insert(t.counters)
      .values({ tenantId, key, value: 1 })
      .onConflictDoUpdate({
        target: [t.counters.tenantId, t.counters.key],
        set: { value: sql`${t.counters.value} + 1` },
      })
      .returning({ value: t.counters.value })
      .get();
    return (row?.value ?? 1) - 1;
  }

  async outboxOfRun(runId: string) {
    return this.db
      .select()
      .from(t.outbox)
      .where(eq(t.outbox.runId, runId))
      .orderBy(asc(t.outbox.createdAt), asc(t.outbox.id))
      .all()
      .map(toOutbox);
  }

  async listOutbox(tenantId: string) {
    return this.db
      .select()
      .from(t.outbox)
      .where(eq(t.outbox.tenantId, tenantId))
      .orderBy(asc(t.outbox.createdAt))
      .all()
      .map(toOutbox);
  }

  async getTask(id: string) {
    const row = this.db.select().from(t.tasks).where(eq(t.tasks.id, id)).get();
    return row && toTask(row);
  }

  async listTasks(tenantId: string, status?: "open" | "completed" | "cancelled") {
    const where = status
      ? and(eq(t.tasks.tenantId, tenantId), eq(t.tasks.status, status))
      : eq(t.tasks.tenantId, tenantId);
    return this.db.select().from(t.tasks).where(where).orderBy(asc(t.tasks.createdAt)).all().map(toTask);
  }

  async addNotifications(notifications: readonly NotificationRow[]): Promise<void> {
    this.client.transaction(() => {
      for (const n of notifications) this.hot.insertNotification(n);
    })();
  }

  async listNotifications(tenantId: string, recipient?: string) {
    const where = recipient
      ? and(eq(t.notifications.tenantId, tenantId), eq(t.notifications.recipient, recipient))
      : eq(t.notifications.tenantId, tenantId);
    return this.db.select().from(t.notifications).where(where).orderBy(asc(t.notifications.createdAt)).all();
  }

  async close(): Promise<void> {
    if (this.ingests.length > 0) this.flushIngests();
    this.client.close();
  }
}

const p = sql.placeholder;

/** The reads the engine loop makes on every tick, as prepared queries with placeholders. */
function pollingQueries(db: Db, client: Database.Database) {
  return {
    pendingEvents: db
      .select()
      .from(t.inbox)
      .where(eq(t.inbox.status, "pending"))
      .orderBy(asc(t.inbox.seq))
      .limit(p("limit"))
      .prepare(),
    // Read for every delivery a step waits for: raw, like the claims (see rowColumns).
    getRun: client.prepare<[{ id: string }], typeof t.runs.$inferSelect>(
      `select ${rowColumns(t.runs)} from runs where id = @id`,
    ),
    runsWithStatus: db
      .select()
      .from(t.runs)
      .where(eq(t.runs.status, p("status")))
      .orderBy(asc(t.runs.startedAt))
      .limit(p("limit"))
      .prepare(),
    dueTimers: db
      .select()
      .from(t.timers)
      .where(and(eq(t.timers.status, "pending"), lte(t.timers.dueAt, p("now"))))
      .orderBy(asc(t.timers.dueAt))
      .limit(p("limit"))
      .prepare(),
    // Asked for every event the engine takes in.
    waitsFor: client.prepare<[{ tenantId: string; eventType: string }], typeof t.eventWaits.$inferSelect>(
      `select ${rowColumns(t.eventWaits)} from event_waits
       where tenant_id = @tenantId and event_type = @eventType and status = 'waiting'`,
    ),
  };
}
