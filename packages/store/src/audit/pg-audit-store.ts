import { and, asc, desc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "../pg/db.js";
import { LockPurpose, transactionLock } from "../pg/locks.js";
import { auditEntries, counters } from "../pg/schema.js";
import type { AuditEntry, AuditEntryInput, AuditStore, AuditVerification } from "./audit-store.js";
import { type ChainHead, GENESIS_HASH, canonicalJson, entryHash, verifyChain } from "./chain.js";

/** Counter keys (per tenant, in `counters`) holding the chain head; the same as the SQLite dialect's. */
const HEAD_COUNT = "audit:count";
const HEAD_SEQ = "audit:last-seq";

/**
 * The audit log on PostgreSQL (table `audit_entries`). Each append takes the tenant's chain lock
 * (a transaction-scoped advisory lock) before reading the chain's last hash, so appenders in any
 * number of processes queue instead of forking the chain; the seq is drawn under the same lock,
 * so seq order is chain order.
 */
export class PgAuditStore implements AuditStore {
  constructor(private readonly db: Db) {}

  async append(input: AuditEntryInput): Promise<AuditEntry> {
    const detailText = canonicalJson(input.detail);
    const content = {
      tenantId: input.tenantId,
      at: input.at ?? Date.now(),
      actor: input.actor,
      action: input.action,
      object: input.object,
      version: input.version ?? null,
      detail: JSON.parse(detailText) as unknown,
    };
    return this.db.transaction(async (tx) => {
      await tx.execute(transactionLock(LockPurpose.auditChain, input.tenantId));
      const [last] = await tx
        .select({ hash: auditEntries.hash })
        .from(auditEntries)
        .where(eq(auditEntries.tenantId, input.tenantId))
        .orderBy(desc(auditEntries.seq))
        .limit(1);
      const prevHash = last?.hash ?? GENESIS_HASH;
      const next = await tx.execute<{ seq: string }>(
        sql`select nextval(pg_get_serial_sequence('audit_entries', 'seq')) as seq`,
      );
      const seq = Number(next.rows[0]?.seq);
      const hash = entryHash(prevHash, { ...content, seq });
      await tx.insert(auditEntries).values({ ...content, seq, detail: detailText, prevHash, hash });
      const headKey = [counters.tenantId, counters.key];
      await tx
        .insert(counters)
        .values({ tenantId: input.tenantId, key: HEAD_COUNT, value: 1 })
        .onConflictDoUpdate({ target: headKey, set: { value: sql`${counters.value} + 1` } });
      await tx
        .insert(counters)
        .values({ tenantId: input.tenantId, key: HEAD_SEQ, value: seq })
        .onConflictDoUpdate({ target: headKey, set: { value: seq } });
      return { ...content, seq, prevHash, hash };
    });
  }

  async list(tenantId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    const rows = await this.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.tenantId, tenantId), gt(auditEntries.seq, options.afterSeq ?? 0)))
      .orderBy(asc(auditEntries.seq))
      .limit(options.limit ?? 1000);
    return rows.map((row) => ({ ...row, detail: parseDetail(row.detail) }));
  }

  async verify(tenantId: string): Promise<AuditVerification> {
    // One snapshot for rows and head, so an append committing in between cannot look like tampering.
    const { rows, head } = await this.db.transaction(
      async (tx) => {
        const rows = await tx
          .select()
          .from(auditEntries)
          .where(eq(auditEntries.tenantId, tenantId))
          .orderBy(asc(auditEntries.seq));
        const stored = await tx
          .select({ key: counters.key, value: counters.value })
          .from(counters)
          .where(and(eq(counters.tenantId, tenantId), inArray(counters.key, [HEAD_COUNT, HEAD_SEQ])));
        const value = (key: string) => stored.find((c) => c.key === key)?.value ?? 0;
        const head: ChainHead = { count: value(HEAD_COUNT), lastSeq: value(HEAD_SEQ) };
        return { rows, head };
      },
      { isolationLevel: "repeatable read", accessMode: "read only" },
    );
    return verifyChain(rows, head);
  }
}

/** Stored detail is canonical JSON; a row edited into non-JSON is listed as its raw text. */
function parseDetail(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
