import { createHash } from "node:crypto";
import { and, asc, desc, eq, max } from "drizzle-orm";
import type { DefinitionVersion, DraftRow } from "../types.js";
import type { Db } from "./db.js";
import { LockPurpose, transactionLock } from "./locks.js";
import { visibleColumns } from "./rows.js";
import { bumpGeneration } from "./generation.js";
import * as t from "./schema.js";

// Published definition versions and drafts on PostgreSQL, as functions of the drizzle handle.
// Each implements the Store method of the same name (documented in ../store.ts).

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
const toVersion = ({
  rowid: _rowid,
  ...row
}: typeof t.definitionVersions.$inferSelect): DefinitionVersion => ({
  ...row,
  body: JSON.parse(row.body),
});
/** Serializes numbering and promotion of one definition's versions across processes. */
const lockDefinition = (tenantId: string, kind: string, definitionId: string) =>
  transactionLock(LockPurpose.definitionVersions, tenantId, kind, definitionId);

/** Stores the next version; the lock stops two processes from claiming the same number. */
export async function publishVersion(
  db: Db,
  v: Omit<DefinitionVersion, "version" | "createdAt" | "hash">,
): Promise<DefinitionVersion> {
  return db.transaction(async (tx) => {
    await tx.execute(lockDefinition(v.tenantId, v.kind, v.definitionId));
    const [latest] = await tx
      .select({ version: max(t.definitionVersions.version) })
      .from(t.definitionVersions)
      .where(versionsOf(v.tenantId, v.kind, v.definitionId));
    const body = JSON.stringify(v.body);
    const row = {
      ...v,
      version: (latest?.version ?? 0) + 1,
      createdAt: Date.now(),
      hash: createHash("sha256").update(body).digest("hex"),
    };
    await tx.insert(t.definitionVersions).values({ ...row, body });
    await bumpGeneration(tx, v.tenantId);
    return row;
  });
}

/** Moves `status` to one version; locked like publishing, so two promotions never both stick. */
export async function setVersionStatus(
  db: Db,
  key: { tenantId: string; kind: string; definitionId: string },
  version: number,
  status: string,
): Promise<void> {
  const same = versionsOf(key.tenantId, key.kind, key.definitionId);
  await db.transaction(async (tx) => {
    await tx.execute(lockDefinition(key.tenantId, key.kind, key.definitionId));
    await tx
      .update(t.definitionVersions)
      .set({ status: "retired" })
      .where(and(same, eq(t.definitionVersions.status, status)));
    await tx
      .update(t.definitionVersions)
      .set({ status })
      .where(and(same, eq(t.definitionVersions.version, version)));
    await bumpGeneration(tx, key.tenantId);
  });
}

export async function getVersion(
  db: Db,
  tenantId: string,
  kind: string,
  definitionId: string,
  version: number,
): Promise<DefinitionVersion | undefined> {
  const [row] = await db
    .select()
    .from(t.definitionVersions)
    .where(and(versionsOf(tenantId, kind, definitionId), eq(t.definitionVersions.version, version)));
  return row && toVersion(row);
}

export async function versionsWithStatus(db: Db, tenantId: string, kind: string, status: string) {
  const rows = await db
    .select()
    .from(t.definitionVersions)
    .where(
      and(
        eq(t.definitionVersions.tenantId, tenantId),
        eq(t.definitionVersions.kind, kind),
        eq(t.definitionVersions.status, status),
      ),
    )
    .orderBy(asc(t.definitionVersions.rowid));
  return rows.map(toVersion);
}

/** Each definition's highest version, ordered by definition id (DISTINCT ON keeps the first per id). */
export async function latestVersions(db: Db, tenantId: string, kind: string) {
  const rows = await db
    .selectDistinctOn([t.definitionVersions.definitionId])
    .from(t.definitionVersions)
    .where(and(eq(t.definitionVersions.tenantId, tenantId), eq(t.definitionVersions.kind, kind)))
    .orderBy(asc(t.definitionVersions.definitionId), desc(t.definitionVersions.version));
  return rows.map(toVersion);
}

export async function putDraft(db: Db, draft: DraftRow): Promise<void> {
  await db
    .insert(t.definitionDrafts)
    .values(draft)
    .onConflictDoUpdate({
      target: [t.definitionDrafts.tenantId, t.definitionDrafts.kind, t.definitionDrafts.definitionId],
      set: { source: draft.source, updatedAt: draft.updatedAt, updatedBy: draft.updatedBy },
    });
}

export async function getDraft(db: Db, tenantId: string, kind: string, definitionId: string) {
  const [row] = await db
    .select(visibleColumns(t.definitionDrafts))
    .from(t.definitionDrafts)
    .where(draftOf(tenantId, kind, definitionId));
  return row;
}

export async function listDrafts(db: Db, tenantId: string): Promise<DraftRow[]> {
  return db
    .select(visibleColumns(t.definitionDrafts))
    .from(t.definitionDrafts)
    .where(eq(t.definitionDrafts.tenantId, tenantId))
    .orderBy(asc(t.definitionDrafts.definitionId), asc(t.definitionDrafts.rowid));
}

export async function deleteDraft(db: Db, tenantId: string, kind: string, definitionId: string) {
  await db.delete(t.definitionDrafts).where(draftOf(tenantId, kind, definitionId));
}
