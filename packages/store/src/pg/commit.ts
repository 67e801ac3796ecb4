import { and, eq, inArray, sql } from "drizzle-orm";
import type {
  BatchFailure,
  Lease,
  OutboxUpdate,
  RecordWrite,
  RunRow,
  StepCommit,
  StoreWrite,
} from "../types.js";
import { writeRunId } from "../batch-shape.js";
import { StoreConflict } from "../errors.js";
import { insertOutcomes } from "../governance/pg-governance-store.js";
import type { Queryable, Tx } from "./db.js";
import { databaseError } from "./errors.js";
import { fromExecution, fromOutbox, fromRun, fromTask, jsonText } from "./rows.js";
import * as t from "./schema.js";

/**
 * Group commit: every write in its own savepoint inside the caller's transaction, so a failing
 * write rolls back alone; later writes of the same run are skipped, so a run never jumps a step.
 */
export async function applyBatch(tx: Tx, writes: readonly StoreWrite[]): Promise<BatchFailure[]> {
  const failures: BatchFailure[] = [];
  const failedRuns = new Set<string>();
  for (const [index, write] of writes.entries()) {
    const runId = writeRunId(write);
    if (runId !== undefined && failedRuns.has(runId)) {
      failures.push({ index, runId, error: "skipped" });
      continue;
    }
    try {
      // A nested transaction is a savepoint; after its rollback the outer transaction goes on.
      await tx.transaction((inner) => applyWrite(inner, write));
    } catch (error) {
      if (runId !== undefined) failedRuns.add(runId);
      failures.push({ index, runId, error: databaseError(error) });
    }
  }
  return failures;
}

/** A new run's row, claimed by `lease` if given. */
export function leased(run: RunRow, lease: Lease | undefined): typeof t.runs.$inferInsert {
  return { ...fromRun(run), leaseOwner: lease?.owner ?? null, leaseUntil: lease?.until ?? null };
}

/** Applies one write of a batch. */
export async function applyWrite(tx: Tx, write: StoreWrite): Promise<void> {
  switch (write.kind) {
    case "commit":
      return applyStepCommit(tx, write.commit);
    case "start-runs":
      return applyStartRuns(tx, write.eventSeq, write.runs, write.lease);
    case "deliveries":
      for (const update of write.updates) await applyOutboxUpdate(tx, update);
  }
}

/** Creates an event's runs (a run that exists is left alone) and marks the event processed. */
export async function applyStartRuns(
  tx: Tx,
  eventSeq: number | null,
  runs: readonly RunRow[],
  lease?: Lease,
): Promise<void> {
  if (runs.length)
    await tx
      .insert(t.runs)
      .values(runs.map((run) => leased(run, lease)))
      .onConflictDoNothing();
  if (eventSeq !== null)
    await tx
      .update(t.inbox)
      .set({ status: "processed", processedAt: Date.now() })
      .where(eq(t.inbox.seq, eventSeq));
}

/** Applies everything one step transition changed. The caller runs it in one transaction. */
export async function applyStepCommit(tx: Tx, c: StepCommit): Promise<void> {
  const now = c.run.updatedAt;
  for (const run of [c.run, ...(c.relatedRuns ?? [])]) await upsertRun(tx, run);
  for (const update of c.outboxUpdates ?? []) await applyOutboxUpdate(tx, update);
  for (const run of c.newRuns ?? []) await tx.insert(t.runs).values(fromRun(run)).onConflictDoNothing();
  if (c.execution) await tx.insert(t.stepExecutions).values(fromExecution(c.execution));
  for (const write of c.recordWrites ?? []) await applyRecordWrite(tx, c.run.tenantId, c.run.id, write, now);
  if (c.outbox?.length) await tx.insert(t.outbox).values(c.outbox.map(fromOutbox)).onConflictDoNothing();
  if (c.notifications?.length)
    await tx
      .insert(t.notifications)
      .values(c.notifications.map((n) => ({ ...n, readAt: null })))
      .onConflictDoNothing();
  if (c.outcomes) await insertOutcomes(tx, c.outcomes);
  if (c.timers?.length)
    await tx
      .insert(t.timers)
      .values(c.timers.map((timer) => ({ ...timer, status: "pending" })))
      .onConflictDoNothing();
  if (c.firedTimers?.length)
    await tx
      .update(t.timers)
      .set({ status: "fired" })
      .where(inArray(t.timers.id, [...c.firedTimers]));
  if (c.waits?.length)
    await tx
      .insert(t.eventWaits)
      .values(c.waits.map((wait) => ({ ...wait, status: "waiting" })))
      .onConflictDoNothing();
  if (c.resolvedWaits?.length)
    await tx
      .update(t.eventWaits)
      .set({ status: "resolved" })
      .where(inArray(t.eventWaits.id, [...c.resolvedWaits]));
  for (const task of c.tasks ?? []) {
    const values = fromTask(task);
    await tx
      .insert(t.tasks)
      .values(values)
      .onConflictDoUpdate({
        target: t.tasks.id,
        set: {
          status: values.status,
          result: values.result,
          completedAt: values.completedAt,
          completedBy: values.completedBy,
        },
      });
  }
}

/**
 * Inserts a run, or moves an existing one to its new state (the identity columns never change).
 * With `run.rev`, only if the stored run still has that revision: another worker that committed
 * first wins, and this transition is refused (`store/run-changed`). The claim ends with the run's
 * running state, so a waiting or finished run is nobody's.
 */
async function upsertRun(tx: Tx, run: StepCommit["run"]): Promise<void> {
  const values = fromRun(run);
  const written = await tx
    .insert(t.runs)
    .values(values)
    .onConflictDoUpdate({
      target: t.runs.id,
      set: {
        status: values.status,
        state: values.state,
        error: values.error,
        updatedAt: values.updatedAt,
        finishedAt: values.finishedAt,
        rev: sql`${t.runs.rev} + 1`,
        leaseOwner: sql`case when excluded.status = 'running' then ${t.runs.leaseOwner} end`,
        leaseUntil: sql`case when excluded.status = 'running' then ${t.runs.leaseUntil} end`,
      },
      setWhere: run.rev === undefined ? undefined : eq(t.runs.rev, run.rev),
    })
    .returning({ id: t.runs.id });
  if (written.length === 0)
    throw new StoreConflict(
      "store/run-changed",
      `Run ${run.id} was moved on by another worker since revision ${run.rev}; this transition was not applied.`,
    );
}

/** Records an outbox item's delivery attempt (Store.updateOutbox, and inside a step commit). */
export async function applyOutboxUpdate(q: Queryable, update: OutboxUpdate): Promise<void> {
  const { id, ...change } = update;
  // The attempt is over, so its claim is too: a retry later is anyone's.
  await q
    .update(t.outbox)
    .set({ ...change, result: jsonText(change.result), leaseOwner: null, leaseUntil: null })
    .where(eq(t.outbox.id, id));
}

/**
 * Applies one record write unless its key was applied before (a replayed step): the write log's
 * unique key decides, so two processes replaying the same step apply it once between them.
 */
export async function applyRecordWrite(
  tx: Tx,
  tenantId: string,
  runId: string,
  write: RecordWrite,
  now: number,
): Promise<void> {
  const data = JSON.stringify(write.data);
  const logged = await tx
    .insert(t.recordWrites)
    .values({
      tenantId,
      entity: write.entity,
      recordId: write.id,
      writeKey: write.writeKey,
      runId,
      data,
      at: now,
    })
    .onConflictDoNothing()
    .returning({ seq: t.recordWrites.seq });
  if (logged.length === 0) return;
  const record = and(
    eq(t.records.tenantId, tenantId),
    eq(t.records.entity, write.entity),
    eq(t.records.id, write.id),
  );
  if (write.op === "create")
    await tx.insert(t.records).values({
      tenantId,
      entity: write.entity,
      id: write.id,
      data,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
  else {
    // With a base version, the update applies only to the record the step read.
    const base = write.baseVersion;
    const updated = await tx
      .update(t.records)
      .set({ data, version: sql`${t.records.version} + 1`, updatedAt: now })
      .where(base === undefined ? record : and(record, eq(t.records.version, base)))
      .returning({ id: t.records.id });
    if (updated.length === 0 && base !== undefined)
      throw new StoreConflict(
        "store/record-changed",
        `${write.entity} record '${write.id}' changed since version ${base} was read; the update was not applied.`,
      );
  }
  await tx
    .delete(t.recordFields)
    .where(
      and(
        eq(t.recordFields.tenantId, tenantId),
        eq(t.recordFields.entity, write.entity),
        eq(t.recordFields.recordId, write.id),
      ),
    );
  const fields = Object.entries(write.indexed).map(([field, value]) => ({
    tenantId,
    entity: write.entity,
    field,
    value,
    recordId: write.id,
  }));
  if (fields.length) await tx.insert(t.recordFields).values(fields).onConflictDoNothing();
}
