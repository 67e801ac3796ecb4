import { and, asc, eq, inArray, isNull, lte, or, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Lease } from "../types.js";
import type { Db } from "./db.js";
import { toEvent, toOutbox, toRun, toTimer } from "./rows.js";
import * as t from "./schema.js";

// Claiming work for a worker (see `Store.claim*`), one statement each: pick the oldest free rows
// with FOR UPDATE SKIP LOCKED and mark them in the same statement. Rows another worker is claiming
// at that moment are skipped rather than waited for, and a row it claimed just before is re-checked
// and dropped, so no two workers ever claim the same row.

/** Free, expired, or already this worker's (restarted under the same name, it takes its claims back). */
const unclaimed = (table: { leaseOwner: PgColumn; leaseUntil: PgColumn }, lease: Lease): SQL | undefined =>
  or(isNull(table.leaseUntil), lte(table.leaseUntil, lease.now), eq(table.leaseOwner, lease.owner));

/** RETURNING has no order: sort as the SQLite dialect does, ties in insertion order. */
const by =
  <Row extends { rowid: number }>(key: (row: Row) => number) =>
  (a: Row, b: Row) =>
    key(a) - key(b) || a.rowid - b.rowid;

const claim = (lease: Lease) => ({ leaseOwner: lease.owner, leaseUntil: lease.until });

export async function claimEvents(db: Db, lease: Lease, limit: number) {
  const free = db
    .select({ seq: t.inbox.seq })
    .from(t.inbox)
    .where(and(eq(t.inbox.status, "pending"), unclaimed(t.inbox, lease)))
    .orderBy(asc(t.inbox.seq))
    .limit(limit)
    .for("update", { skipLocked: true });
  const rows = await db.update(t.inbox).set(claim(lease)).where(inArray(t.inbox.seq, free)).returning();
  return rows.map(toEvent).sort((a, b) => a.seq - b.seq);
}

export async function claimRuns(db: Db, lease: Lease, limit: number) {
  const free = db
    .select({ id: t.runs.id })
    .from(t.runs)
    .where(and(eq(t.runs.status, "running"), unclaimed(t.runs, lease)))
    .orderBy(asc(t.runs.startedAt), asc(t.runs.rowid))
    .limit(limit)
    .for("update", { skipLocked: true });
  const rows = await db.update(t.runs).set(claim(lease)).where(inArray(t.runs.id, free)).returning();
  return rows.sort(by((r) => r.startedAt)).map(toRun);
}

export async function claimTimers(db: Db, lease: Lease, limit: number) {
  const free = db
    .select({ id: t.timers.id })
    .from(t.timers)
    .where(and(eq(t.timers.status, "pending"), lte(t.timers.dueAt, lease.now), unclaimed(t.timers, lease)))
    .orderBy(asc(t.timers.dueAt), asc(t.timers.rowid))
    .limit(limit)
    .for("update", { skipLocked: true });
  const rows = await db.update(t.timers).set(claim(lease)).where(inArray(t.timers.id, free)).returning();
  return rows.sort(by((r) => r.dueAt)).map(toTimer);
}

export async function claimOutbox(db: Db, lease: Lease, limit: number) {
  const free = db
    .select({ id: t.outbox.id })
    .from(t.outbox)
    .where(
      and(eq(t.outbox.status, "pending"), lte(t.outbox.nextAttemptAt, lease.now), unclaimed(t.outbox, lease)),
    )
    .orderBy(asc(t.outbox.nextAttemptAt), asc(t.outbox.rowid))
    .limit(limit)
    .for("update", { skipLocked: true });
  const rows = await db.update(t.outbox).set(claim(lease)).where(inArray(t.outbox.id, free)).returning();
  return rows.sort(by((r) => r.createdAt)).map(toOutbox);
}
