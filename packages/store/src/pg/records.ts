import { and, asc, count, countDistinct, eq, exists, sql } from "drizzle-orm";
import type { RecordRow, RecordWrite } from "../types.js";
import { applyRecordWrite } from "./commit.js";
import type { Db } from "./db.js";
import { LockPurpose, transactionLock } from "./locks.js";
import * as t from "./schema.js";

// Entity records on PostgreSQL, as functions of the drizzle handle: the records API's side (step
// commits write records through commit.ts). Each implements the Store method of the same name
// (documented in ../store.ts).

const recordOf = (tenantId: string, entity: string, id: string) =>
  and(eq(t.records.tenantId, tenantId), eq(t.records.entity, entity), eq(t.records.id, id));
const toRecord = (row: typeof t.records.$inferSelect): RecordRow => ({ ...row, data: JSON.parse(row.data) });

export async function getRecord(db: Db, tenantId: string, entity: string, id: string) {
  const [row] = await db
    .select()
    .from(t.records)
    .where(recordOf(tenantId, entity, id));
  return row && toRecord(row);
}

export async function listRecords(
  db: Db,
  tenantId: string,
  entity: string,
  options: { limit: number; offset: number },
) {
  const rows = await db
    .select()
    .from(t.records)
    .where(and(eq(t.records.tenantId, tenantId), eq(t.records.entity, entity)))
    .orderBy(asc(t.records.createdAt), asc(t.records.id))
    .limit(options.limit)
    .offset(options.offset);
  return rows.map(toRecord);
}

/** Check-then-write under the record's lock, so a create (no row to lock yet) is atomic too. */
export async function writeRecord(
  db: Db,
  tenantId: string,
  write: RecordWrite,
  actor: string,
  expectedVersion?: number,
): Promise<boolean> {
  const now = Date.now();
  return db.transaction(async (tx) => {
    await tx.execute(transactionLock(LockPurpose.record, tenantId, write.entity, write.id));
    const [current] = await tx
      .select({ version: t.records.version })
      .from(t.records)
      .where(recordOf(tenantId, write.entity, write.id));
    if (write.op === "create" && current) return false;
    if (
      write.op === "update" &&
      (!current || (expectedVersion !== undefined && current.version !== expectedVersion))
    )
      return false;
    await applyRecordWrite(tx, tenantId, `api:${actor}`, write, now);
    return true;
  });
}

export async function deleteRecord(db: Db, tenantId: string, entity: string, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const deleted = await tx
      .delete(t.records)
      .where(recordOf(tenantId, entity, id))
      .returning({ id: t.records.id });
    await tx
      .delete(t.recordFields)
      .where(
        and(
          eq(t.recordFields.tenantId, tenantId),
          eq(t.recordFields.entity, entity),
          eq(t.recordFields.recordId, id),
        ),
      );
    return deleted.length > 0;
  });
}

/** Records with an index row for every field = value of `match`, in id order (as SQLite finds them). */
export async function findRecords(
  db: Db,
  tenantId: string,
  entity: string,
  match: Readonly<Record<string, string>>,
  limit: number,
): Promise<RecordRow[]> {
  const entries = Object.entries(match);
  if (entries.length === 0) return [];
  const matches = entries.map(([field, value]) =>
    exists(
      db
        .select({ one: sql`1` })
        .from(t.recordFields)
        .where(
          and(
            eq(t.recordFields.tenantId, t.records.tenantId),
            eq(t.recordFields.entity, t.records.entity),
            eq(t.recordFields.recordId, t.records.id),
            eq(t.recordFields.field, field),
            eq(t.recordFields.value, value),
          ),
        ),
    ),
  );
  const rows = await db
    .select()
    .from(t.records)
    .where(and(eq(t.records.tenantId, tenantId), eq(t.records.entity, entity), ...matches))
    .orderBy(asc(t.records.id))
    .limit(limit);
  return rows.map(toRecord);
}

export async function countRecordWrites(db: Db, tenantId: string) {
  const [row] = await db
    .select({ total: count(), distinctKeys: countDistinct(t.recordWrites.writeKey) })
    .from(t.recordWrites)
    .where(eq(t.recordWrites.tenantId, tenantId));
  return { total: row?.total ?? 0, distinctKeys: row?.distinctKeys ?? 0 };
}
