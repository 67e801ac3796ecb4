import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import * as t from "./schema.js";

const p = sql.placeholder;

/**
 * Claiming work for a worker (see `Store.claim*`): one prepared statement each, which marks the
 * rows it returns. SQLite serializes writers, so no two claims return the same row. Each comes
 * with a read that says whether there is anything to claim: an idle engine polls often, and a
 * read costs a fraction of the write transaction an UPDATE opens even when it changes nothing.
 */
export function claimQueries(db: BetterSQLite3Database<typeof t>) {
  // Free, expired, or already this worker's (restarted under the same name, it takes its claims back).
  const unclaimed = (table: { leaseUntil: SQLiteColumn; leaseOwner: SQLiteColumn }) =>
    or(isNull(table.leaseUntil), lte(table.leaseUntil, p("now")), eq(table.leaseOwner, p("owner")));
  const claim = { leaseOwner: sql`${p("owner")}`, leaseUntil: sql`${p("until")}` };

  const pendingEvent = and(eq(t.inbox.status, "pending"), unclaimed(t.inbox));
  const runningRun = and(eq(t.runs.status, "running"), unclaimed(t.runs));
  const dueTimer = and(eq(t.timers.status, "pending"), lte(t.timers.dueAt, p("now")), unclaimed(t.timers));
  const dueItem = and(
    eq(t.outbox.status, "pending"),
    lte(t.outbox.nextAttemptAt, p("now")),
    unclaimed(t.outbox),
  );

  return {
    events: {
      any: db.select({ seq: t.inbox.seq }).from(t.inbox).where(pendingEvent).limit(1).prepare(),
      claim: db
        .update(t.inbox)
        .set(claim)
        .where(
          inArray(
            t.inbox.seq,
            db
              .select({ seq: t.inbox.seq })
              .from(t.inbox)
              .where(pendingEvent)
              .orderBy(asc(t.inbox.seq))
              .limit(p("limit")),
          ),
        )
        .returning()
        .prepare(),
    },
    runs: {
      any: db.select({ id: t.runs.id }).from(t.runs).where(runningRun).limit(1).prepare(),
      claim: db
        .update(t.runs)
        .set(claim)
        .where(
          inArray(
            t.runs.id,
            db
              .select({ id: t.runs.id })
              .from(t.runs)
              .where(runningRun)
              .orderBy(asc(t.runs.startedAt))
              .limit(p("limit")),
          ),
        )
        .returning()
        .prepare(),
    },
    timers: {
      any: db.select({ id: t.timers.id }).from(t.timers).where(dueTimer).limit(1).prepare(),
      claim: db
        .update(t.timers)
        .set(claim)
        .where(
          inArray(
            t.timers.id,
            db
              .select({ id: t.timers.id })
              .from(t.timers)
              .where(dueTimer)
              .orderBy(asc(t.timers.dueAt))
              .limit(p("limit")),
          ),
        )
        .returning()
        .prepare(),
    },
    outbox: {
      any: db.select({ id: t.outbox.id }).from(t.outbox).where(dueItem).limit(1).prepare(),
      claim: db
        .update(t.outbox)
        .set(claim)
        .where(
          inArray(
            t.outbox.id,
            db
              .select({ id: t.outbox.id })
              .from(t.outbox)
              .where(dueItem)
              .orderBy(asc(t.outbox.nextAttemptAt))
              .limit(p("limit")),
          ),
        )
        .returning()
        .prepare(),
    },
  };
}
