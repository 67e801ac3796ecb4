import type Database from "better-sqlite3";
import type {
  IncomingEvent,
  Lease,
  NotificationRow,
  OutboxItem,
  OutboxUpdate,
  RecordWrite,
  RunRow,
  StepExecutionRow,
  TimerRow,
} from "../types.js";
import { StoreConflict } from "../errors.js";
import { jsonText } from "./rows.js";

/**
 * The statements every step commit runs, prepared once. Building each query through the ORM cost
 * more than the SQLite work itself (profiled: ~45% of engine time), so the hot path is plain SQL
 * against the same tables the drizzle schema defines and migrates.
 */
export class HotStatements {
  private readonly upsertRunStmt: Database.Statement;
  private readonly ingestStmt: Database.Statement<Record<string, unknown>, { seq: number }>;
  private readonly eventSeqStmt: Database.Statement<[string, string], { seq: number }>;
  private readonly insertRunStmt: Database.Statement;
  private readonly advanceRunStmt: Database.Statement;
  private readonly markProcessedStmt: Database.Statement;
  private readonly updateOutboxStmt: Database.Statement;
  private readonly insertExecutionStmt: Database.Statement;
  private readonly insertOutboxStmt: Database.Statement;
  private readonly insertNotificationStmt: Database.Statement;
  private readonly insertTimerStmt: Database.Statement;
  private readonly logWriteStmt: Database.Statement;
  private readonly insertRecordStmt: Database.Statement;
  private readonly updateRecordStmt: Database.Statement;
  private readonly clearFieldsStmt: Database.Statement;
  /** Inserts of 1‥FIELDS_PER_INSERT index rows at once, by row count, prepared when first needed. */
  private readonly insertFieldsStmts = new Map<number, Database.Statement<unknown[]>>();

  constructor(private readonly db: Database.Database) {
    this.upsertRunStmt = db.prepare(
      `insert into runs (id, tenant_id, workflow_id, version, mode, "trigger", event_id, parent_run_id, status, state, error, started_at, updated_at, finished_at)
       values (@id, @tenantId, @workflowId, @version, @mode, @trigger, @eventId, @parentRunId, @status, @state, @error, @startedAt, @updatedAt, @finishedAt)
       on conflict (id) do update set status = excluded.status, state = excluded.state, error = excluded.error,
         updated_at = excluded.updated_at, finished_at = excluded.finished_at, rev = runs.rev + 1,
         lease_owner = case when excluded.status = 'running' then runs.lease_owner end,
         lease_until = case when excluded.status = 'running' then runs.lease_until end
       where @rev is null or runs.rev = @rev`,
    );
    this.ingestStmt = db.prepare(
      `insert into inbox (tenant_id, id, idempotency_key, type, source, payload, occurred_at, received_at, status)
       values (@tenantId, @id, @idempotencyKey, @type, @source, @payload, @occurredAt, @receivedAt, 'pending')
       on conflict do nothing returning seq`,
    );
    this.eventSeqStmt = db.prepare("select seq from inbox where tenant_id = ? and idempotency_key = ?");
    this.insertRunStmt = db.prepare(
      `insert into runs (id, tenant_id, workflow_id, version, mode, "trigger", event_id, parent_run_id, status, state, error, started_at, updated_at, finished_at, lease_owner, lease_until)
       values (@id, @tenantId, @workflowId, @version, @mode, @trigger, @eventId, @parentRunId, @status, @state, @error, @startedAt, @updatedAt, @finishedAt, @leaseOwner, @leaseUntil)
       on conflict do nothing`,
    );
    this.advanceRunStmt = db.prepare(
      `update runs set status = @status, state = @state, error = @error, updated_at = @updatedAt,
         finished_at = @finishedAt, rev = @toRev,
         lease_owner = case when @status = 'running' then lease_owner end,
         lease_until = case when @status = 'running' then lease_until end
       where id = @id and rev = @fromRev`,
    );
    this.markProcessedStmt = db.prepare(
      "update inbox set status = 'processed', processed_at = ? where seq = ?",
    );
    this.updateOutboxStmt = db.prepare(
      `update outbox set status = @status, attempts = @attempts, next_attempt_at = @nextAttemptAt,
       last_error = @lastError, result = @result, sent_at = @sentAt, lease_owner = null, lease_until = null
       where id = @id`,
    );
    this.insertExecutionStmt = db.prepare(
      `insert into step_executions (run_id, step_id, token_id, attempt, status, input, output, error, explanation, effects, started_at, finished_at)
       values (@runId, @stepId, @tokenId, @attempt, @status, @input, @output, @error, @explanation, @effects, @startedAt, @finishedAt)`,
    );
    this.insertOutboxStmt = db.prepare(
      `insert into outbox (id, tenant_id, run_id, token_id, idempotency_key, kind, payload, status, attempts, next_attempt_at, last_error, result, created_at, sent_at)
       values (@id, @tenantId, @runId, @tokenId, @idempotencyKey, @kind, @payload, @status, @attempts, @nextAttemptAt, @lastError, @result, @createdAt, @sentAt)
       on conflict do nothing`,
    );
    this.insertNotificationStmt = db.prepare(
      `insert into notifications (id, tenant_id, recipient, title, message, link, run_id, created_at, read_at)
       values (@id, @tenantId, @recipient, @title, @message, @link, @runId, @createdAt, null) on conflict do nothing`,
    );
    this.insertTimerStmt = db.prepare(
      `insert into timers (id, tenant_id, run_id, token_id, purpose, due_at, status)
       values (@id, @tenantId, @runId, @tokenId, @purpose, @dueAt, 'pending') on conflict do nothing`,
    );
    this.logWriteStmt = db.prepare(
      `insert into record_writes (tenant_id, entity, record_id, write_key, run_id, data, at)
       values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
    );
    this.insertRecordStmt = db.prepare(
      "insert into records (tenant_id, entity, id, data, version, created_at, updated_at) values (?, ?, ?, ?, 1, ?, ?)",
    );
    this.updateRecordStmt = db.prepare(
      `update records set data = ?, version = version + 1, updated_at = ?
       where tenant_id = ? and entity = ? and id = ? and (? is null or version = ?)`,
    );
    this.clearFieldsStmt = db.prepare(
      "delete from record_fields where tenant_id = ? and entity = ? and record_id = ?",
    );
  }

  /** Writes a run's transition; refuses (`store/run-changed`) if the stored run moved past `run.rev`. */
  upsertRun(run: RunRow): void {
    const written = this.upsertRunStmt.run({
      ...run,
      state: JSON.stringify(run.state),
      error: jsonText(run.error),
      rev: run.rev ?? null,
    });
    if (written.changes === 0)
      throw new StoreConflict(
        "store/run-changed",
        `Run ${run.id} was moved on by another worker since revision ${run.rev}; this transition was not applied.`,
      );
  }

  /** Stores an event unless its idempotency key was seen; the seq of the stored one either way. */
  ingest(event: IncomingEvent, receivedAt: number): { accepted: boolean; seq: number } {
    const inserted = this.ingestStmt.get({
      tenantId: event.tenantId,
      id: event.id,
      idempotencyKey: event.idempotencyKey,
      type: event.type,
      source: event.source,
      payload: JSON.stringify(event.payload),
      occurredAt: event.occurredAt,
      receivedAt,
    });
    if (inserted) return { accepted: true, seq: inserted.seq };
    return { accepted: false, seq: this.eventSeqStmt.get(event.tenantId, event.idempotencyKey)?.seq ?? 0 };
  }

  /** Inserts a run unless it exists (an event's runs are started once). */
  /** A new run (one that exists is left alone), claimed by `lease` if given. */
  insertRun(run: RunRow, lease?: Lease): void {
    this.insertRunStmt.run({
      ...run,
      state: JSON.stringify(run.state),
      error: jsonText(run.error),
      leaseOwner: lease?.owner ?? null,
      leaseUntil: lease?.until ?? null,
    });
  }

  /**
   * Moves a run from revision `fromRev` straight to `toRev` with its last state: several
   * transitions of one group commit written as one (`store/run-changed` if it moved meanwhile).
   */
  advanceRun(run: RunRow, fromRev: number, toRev: number): void {
    const written = this.advanceRunStmt.run({
      id: run.id,
      status: run.status,
      state: JSON.stringify(run.state),
      error: jsonText(run.error),
      updatedAt: run.updatedAt,
      finishedAt: run.finishedAt,
      fromRev,
      toRev,
    });
    if (written.changes === 0)
      throw new StoreConflict(
        "store/run-changed",
        `Run ${run.id} was moved on by another worker since revision ${fromRev}; this group commit was not applied whole.`,
      );
  }

  markProcessed(eventSeq: number, now: number): void {
    this.markProcessedStmt.run(now, eventSeq);
  }

  updateOutbox(update: OutboxUpdate): void {
    this.updateOutboxStmt.run({ ...update, result: jsonText(update.result) });
  }

  insertExecution(e: StepExecutionRow): void {
    this.insertExecutionStmt.run({
      ...e,
      input: jsonText(e.input),
      output: jsonText(e.output),
      error: jsonText(e.error),
      explanation: jsonText(e.explanation),
      effects: jsonText(e.effects),
    });
  }

  insertOutbox(item: OutboxItem): void {
    this.insertOutboxStmt.run({
      ...item,
      payload: JSON.stringify(item.payload),
      result: jsonText(item.result),
    });
  }

  insertNotification(n: NotificationRow): void {
    this.insertNotificationStmt.run(n);
  }

  insertTimer(t: TimerRow): void {
    this.insertTimerStmt.run(t);
  }

  /** Applies one record write unless its key was applied before (a replayed step). */
  applyRecordWrite(run: RunRow, write: RecordWrite, now: number): void {
    const data = JSON.stringify(write.data);
    const logged = this.logWriteStmt.run(
      run.tenantId,
      write.entity,
      write.id,
      write.writeKey,
      run.id,
      data,
      now,
    );
    if (logged.changes === 0) return;
    if (write.op === "create")
      this.insertRecordStmt.run(run.tenantId, write.entity, write.id, data, now, now);
    else {
      const base = write.baseVersion ?? null;
      const updated = this.updateRecordStmt.run(data, now, run.tenantId, write.entity, write.id, base, base);
      if (updated.changes === 0 && base !== null)
        throw new StoreConflict(
          "store/record-changed",
          `${write.entity} record '${write.id}' changed since version ${base} was read; the update was not applied.`,
        );
    }
    // A record that was just created has no index rows yet (deleting a record deletes its rows).
    if (write.op !== "create") this.clearFieldsStmt.run(run.tenantId, write.entity, write.id);
    this.insertFields(run.tenantId, write.entity, write.id, Object.entries(write.indexed));
  }

  /** Indexes a record's fields with one statement per FIELDS_PER_INSERT fields (one for most records). */
  private insertFields(tenantId: string, entity: string, recordId: string, fields: [string, string][]): void {
    for (let from = 0; from < fields.length; from += FIELDS_PER_INSERT) {
      const chunk = fields.slice(from, from + FIELDS_PER_INSERT);
      this.insertFieldsStmt(chunk.length).run(
        chunk.flatMap(([field, value]) => [tenantId, entity, field, value, recordId]),
      );
    }
  }

  private insertFieldsStmt(rows: number): Database.Statement<unknown[]> {
    let stmt = this.insertFieldsStmts.get(rows);
    if (!stmt) {
      const values = Array.from({ length: rows }, () => "(?, ?, ?, ?, ?)").join(", ");
      stmt = this.db.prepare<unknown[]>(
        `insert into record_fields (tenant_id, entity, field, value, record_id) values ${values} on conflict do nothing`,
      );
      this.insertFieldsStmts.set(rows, stmt);
    }
    return stmt;
  }
}

/** Index rows per insert statement: enough for a record's core fields, few statements to prepare. */
const FIELDS_PER_INSERT = 16;
