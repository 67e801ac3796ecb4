import type Database from "better-sqlite3";
import { getTableColumns, getTableName, type Table } from "drizzle-orm";
import * as t from "./schema.js";

/** A prepared read whose rows have the table's row shape (`$inferSelect`). */
export interface RowQuery<Row> {
  all(params: object): Row[];
  get(params: object): Row | undefined;
}

/**
 * The table's columns as `"column" as "field"`: rows come back in the shape drizzle gives them
 * (the schema's field names), without drizzle mapping each value of each row, which cost several
 * percent of the engine loop on rows as large as runs.
 */
export function rowColumns(table: Table): string {
  return Object.entries(getTableColumns(table))
    .map(([field, column]) => `"${column.name}" as "${field}"`)
    .join(", ");
}

function rowQuery<Row>(client: Database.Database, sql: string): RowQuery<Row> {
  const statement = client.prepare<[object], Row>(sql);
  return { all: (params) => statement.all(params), get: (params) => statement.get(params) };
}

/**
 * Claiming work for a worker (see `Store.claim*`): one prepared statement each, which marks the
 * rows it returns. SQLite serializes writers, so no two claims return the same row. Each comes
 * with a read that says whether there is anything to claim: an idle engine polls often, and a
 * read costs a fraction of the write transaction an UPDATE opens even when it changes nothing.
 * Parameters: `owner`, `now`, `until` (the lease) and `limit`.
 */
export function claimQueries(client: Database.Database) {
  // Free, expired, or already this worker's (restarted under the same name, it takes its claims back).
  const unclaimed = "(lease_until is null or lease_until <= @now or lease_owner = @owner)";
  const claimable = <Row>(
    table: Table,
    key: string,
    where: string,
    order: string,
  ): { any: RowQuery<unknown>; claim: RowQuery<Row> } => {
    const name = getTableName(table);
    const due = `from "${name}" where ${where} and ${unclaimed}`;
    return {
      any: rowQuery(client, `select ${key} ${due} limit 1`),
      claim: rowQuery<Row>(
        client,
        `update "${name}" set lease_owner = @owner, lease_until = @until
         where ${key} in (select ${key} ${due} order by ${order} limit @limit)
         returning ${rowColumns(table)}`,
      ),
    };
  };
  return {
    events: claimable<typeof t.inbox.$inferSelect>(t.inbox, "seq", "status = 'pending'", "seq"),
    runs: claimable<typeof t.runs.$inferSelect>(t.runs, "id", "status = 'running'", "started_at"),
    timers: claimable<typeof t.timers.$inferSelect>(
      t.timers,
      "id",
      "status = 'pending' and due_at <= @now",
      "due_at",
    ),
    outbox: claimable<typeof t.outbox.$inferSelect>(
      t.outbox,
      "id",
      "status = 'pending' and next_attempt_at <= @now",
      "next_attempt_at",
    ),
  };
}
