import { inArray, sql } from "drizzle-orm";
import { StoreConflict } from "../errors.js";
import { insertOutcomes } from "../governance/pg-governance-store.js";
import type { BreakerOutcome } from "../governance/governance-store.js";
import type { NotificationRow, OutboxItem, StepExecutionRow, StoreWrite } from "../types.js";
import { type CollapsedRun, collapsedRuns, collapsible } from "../batch-shape.js";
import type { Tx } from "./db.js";
import { applyRecordWrite, applyStepCommit, applyWrite, leased } from "./commit.js";
import { fromExecution, fromOutbox, fromRun, jsonText } from "./rows.js";
import * as t from "./schema.js";

/**
 * Group commit, fast path: the whole batch in the caller's transaction with as few statements as
 * the batch allows (node-postgres pays a round trip per statement). A run's transitions collapse
 * into one update of its row, checked against the revision its first transition was based on;
 * the rows the transitions add (step history, outbox, notifications, observations) go in one
 * insert each. Throws at the first problem; the caller then redoes the batch write by write.
 */
export async function applyBatchWhole(tx: Tx, writes: readonly StoreWrite[]): Promise<void> {
  if (!collapsible(writes)) {
    for (const write of writes) await applyWrite(tx, write);
    return;
  }
  const started = writes.flatMap((w) =>
    w.kind === "start-runs" ? w.runs.map((run) => leased(run, w.lease)) : [],
  );
  if (started.length) await tx.insert(t.runs).values(started).onConflictDoNothing();
  const processed = writes.flatMap((w) =>
    w.kind === "start-runs" && w.eventSeq !== null ? [w.eventSeq] : [],
  );
  if (processed.length)
    await tx
      .update(t.inbox)
      .set({ status: "processed", processedAt: Date.now() })
      .where(inArray(t.inbox.seq, processed));

  const executions: StepExecutionRow[] = [];
  const outbox: OutboxItem[] = [];
  const notifications: NotificationRow[] = [];
  const outcomes: BreakerOutcome[] = [];
  for (const write of writes) {
    if (write.kind === "deliveries") await applyWrite(tx, write);
    if (write.kind !== "commit") continue;
    const c = write.commit;
    for (const run of c.relatedRuns ?? []) await applyStepCommit(tx, { run });
    if (c.newRuns?.length) await tx.insert(t.runs).values(c.newRuns.map(fromRun)).onConflictDoNothing();
    for (const w of c.recordWrites ?? [])
      await applyRecordWrite(tx, c.run.tenantId, c.run.id, w, c.run.updatedAt);
    if (c.execution) executions.push(c.execution);
    outbox.push(...(c.outbox ?? []));
    notifications.push(...(c.notifications ?? []));
    outcomes.push(...(c.outcomes ?? []));
  }
  await updateRuns(tx, collapsedRuns(writes));
  if (executions.length) await tx.insert(t.stepExecutions).values(executions.map(fromExecution));
  if (outbox.length) await tx.insert(t.outbox).values(outbox.map(fromOutbox)).onConflictDoNothing();
  if (notifications.length)
    await tx
      .insert(t.notifications)
      .values(notifications.map((n) => ({ ...n, readAt: null })))
      .onConflictDoNothing();
  await insertOutcomes(tx, outcomes);
}

/** Every run's last state in one statement; refused whole if any run moved past its revision. */
async function updateRuns(tx: Tx, runs: ReadonlyMap<string, CollapsedRun>): Promise<void> {
  if (runs.size === 0) return;
  const rows = [...runs.values()].map(
    ({ fromRev, count, last }) =>
      sql`(${last.id}::text, ${last.status}::text, ${JSON.stringify(last.state)}::text, ${jsonText(last.error)}::text, ${last.updatedAt}::bigint, ${last.finishedAt}::bigint, ${fromRev}::int, ${fromRev + count}::int)`,
  );
  const updated = await tx.execute(sql`
    update runs set status = v.status, state = v.state, error = v.error, updated_at = v.updated_at,
      finished_at = v.finished_at, rev = v.to_rev,
      lease_owner = case when v.status = 'running' then runs.lease_owner end,
      lease_until = case when v.status = 'running' then runs.lease_until end
    from (values ${sql.join(rows, sql`, `)})
      as v(id, status, state, error, updated_at, finished_at, from_rev, to_rev)
    where runs.id = v.id and runs.rev = v.from_rev
    returning runs.id`);
  if (updated.rows.length !== runs.size)
    throw new StoreConflict(
      "store/run-changed",
      "A run in this group commit was moved on by another worker; the batch is applied write by write.",
    );
}
