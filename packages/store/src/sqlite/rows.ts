import type { OutboxItem, RunRow, StepExecutionRow, StoredEvent, TaskRow, TimerRow } from "../types.js";
import type { inbox, outbox, runs, stepExecutions, tasks, timers } from "./schema.js";

// Conversions between table rows (JSON as text) and the store's types.

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

export { parse as parseJson, text as jsonText };

export function toRun(row: typeof runs.$inferSelect): RunRow {
  // The lease is the claiming worker's business, not part of the run.
  const { leaseOwner: _owner, leaseUntil: _until, ...run } = row;
  return {
    ...run,
    mode: row.mode as RunRow["mode"],
    status: row.status as RunRow["status"],
    state: parse(row.state),
    error: parse(row.error),
  };
}

export function fromRun(run: RunRow): typeof runs.$inferInsert {
  return { ...run, state: JSON.stringify(run.state), error: text(run.error) };
}

export function toEvent(row: typeof inbox.$inferSelect): StoredEvent {
  const { leaseOwner: _owner, leaseUntil: _until, ...event } = row;
  return { ...event, payload: parse(row.payload), status: row.status as StoredEvent["status"] };
}

export function toTimer(row: typeof timers.$inferSelect): TimerRow {
  const { leaseOwner: _owner, leaseUntil: _until, status: _status, ...timer } = row;
  return { ...timer, purpose: row.purpose as TimerRow["purpose"] };
}

export function toExecution(row: typeof stepExecutions.$inferSelect): StepExecutionRow {
  return {
    ...row,
    status: row.status as StepExecutionRow["status"],
    input: parse(row.input),
    output: parse(row.output),
    error: parse(row.error),
    explanation: parse(row.explanation),
    effects: parse(row.effects),
  };
}

export function fromExecution(e: StepExecutionRow): typeof stepExecutions.$inferInsert {
  return {
    ...e,
    input: text(e.input),
    output: text(e.output),
    error: text(e.error),
    explanation: text(e.explanation),
    effects: text(e.effects),
  };
}

export function toOutbox(row: typeof outbox.$inferSelect): OutboxItem {
  const { leaseOwner: _owner, leaseUntil: _until, ...item } = row;
  return {
    ...item,
    kind: row.kind as OutboxItem["kind"],
    status: row.status as OutboxItem["status"],
    payload: parse(row.payload),
    result: parse(row.result),
  };
}

export function toTask(row: typeof tasks.$inferSelect): TaskRow {
  return {
    ...row,
    kind: row.kind as TaskRow["kind"],
    status: row.status as TaskRow["status"],
    assignees: parse(row.assignees) as string[],
    payload: parse(row.payload),
    result: parse(row.result),
  };
}
