import { getTableColumns, type Table } from "drizzle-orm";
import type { OutboxItem, RunRow, StepExecutionRow, StoredEvent, TaskRow, TimerRow } from "../types.js";
import type { inbox, outbox, runs, stepExecutions, tasks, timers } from "./schema.js";

// Conversions between PostgreSQL rows (JSON as text, as in the SQLite dialect) and the store's
// types. The text is written and read back unchanged, so both dialects round-trip a document alike.

/** A table's columns without `rowid` (see schema.ts), to select rows exactly as the store returns them. */
export function visibleColumns<T extends Table>(table: T): Omit<T["_"]["columns"], "rowid"> {
  const { rowid: _rowid, ...columns } = getTableColumns(table);
  return columns;
}

/** Parses a JSON text column; SQL NULL reads as null. */
export const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** JSON text for a nullable column: null and undefined become SQL NULL. */
export const jsonText = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

export function toRun(row: typeof runs.$inferSelect): RunRow {
  // The lease is the claiming worker's business, not part of the run.
  const { leaseOwner: _owner, leaseUntil: _until, rowid: _rowid, ...run } = row;
  return {
    ...run,
    mode: row.mode as RunRow["mode"],
    status: row.status as RunRow["status"],
    state: parseJson(row.state),
    error: parseJson(row.error),
  };
}

/** A run's columns for an insert; the stored revision starts at 0 and only the store moves it. */
export function fromRun(run: RunRow): typeof runs.$inferInsert {
  const { rev: _rev, ...columns } = run;
  return { ...columns, state: JSON.stringify(run.state), error: jsonText(run.error) };
}

export function toEvent(row: typeof inbox.$inferSelect): StoredEvent {
  const { leaseOwner: _owner, leaseUntil: _until, ...event } = row;
  return { ...event, payload: parseJson(row.payload), status: row.status as StoredEvent["status"] };
}

export function toTimer(row: typeof timers.$inferSelect): TimerRow {
  const { leaseOwner: _owner, leaseUntil: _until, status: _status, rowid: _rowid, ...timer } = row;
  return { ...timer, purpose: row.purpose as TimerRow["purpose"] };
}

export function toExecution(row: typeof stepExecutions.$inferSelect): StepExecutionRow {
  return {
    ...row,
    status: row.status as StepExecutionRow["status"],
    input: parseJson(row.input),
    output: parseJson(row.output),
    error: parseJson(row.error),
    explanation: parseJson(row.explanation),
    effects: parseJson(row.effects),
  };
}

export function fromExecution(e: StepExecutionRow): typeof stepExecutions.$inferInsert {
  return {
    ...e,
    input: jsonText(e.input),
    output: jsonText(e.output),
    error: jsonText(e.error),
    explanation: jsonText(e.explanation),
    effects: jsonText(e.effects),
  };
}

export function fromOutbox(item: OutboxItem): typeof outbox.$inferInsert {
  return { ...item, payload: JSON.stringify(item.payload), result: jsonText(item.result) };
}

export function toOutbox(row: typeof outbox.$inferSelect): OutboxItem {
  const { leaseOwner: _owner, leaseUntil: _until, rowid: _rowid, ...item } = row;
  return {
    ...item,
    kind: row.kind as OutboxItem["kind"],
    status: row.status as OutboxItem["status"],
    payload: parseJson(row.payload),
    result: parseJson(row.result),
  };
}

export function fromTask(task: TaskRow): typeof tasks.$inferInsert {
  return {
    ...task,
    assignees: JSON.stringify(task.assignees),
    payload: JSON.stringify(task.payload),
    result: jsonText(task.result),
  };
}

export function toTask(row: typeof tasks.$inferSelect): TaskRow {
  const { rowid: _rowid, ...task } = row;
  return {
    ...task,
    kind: row.kind as TaskRow["kind"],
    status: row.status as TaskRow["status"],
    assignees: parseJson(row.assignees) as string[],
    payload: parseJson(row.payload),
    result: parseJson(row.result),
  };
}
