import type Database from "better-sqlite3";
import type { AuditEntry, AuditEntryInput, AuditStore, AuditVerification } from "./audit-store.js";
import {
  type AuditRow,
  type ChainHead,
  GENESIS_HASH,
  canonicalJson,
  entryHash,
  verifyChain,
} from "./chain.js";

/** Counter keys (per tenant, in `counters`) holding the chain head, written with every append. */
const HEAD_COUNT = "audit:count";
const HEAD_SEQ = "audit:last-seq";

const COLUMNS = `tenant_id AS tenantId, seq, at, actor, action, object, version, detail,
  prev_hash AS prevHash, hash`;

/**
 * The audit log on the embedded SQLite database (table `audit_entries`). Each append reads the
 * chain's last hash, inserts, hashes and records the head inside one `BEGIN IMMEDIATE`
 * transaction: the write lock is taken before the read, so concurrent appenders queue instead of
 * forking the chain.
 */
export class SqliteAuditStore implements AuditStore {
  private readonly appendTx: (entry: AuditEntryInput) => AuditEntry;

  constructor(private readonly client: Database.Database) {
    const last = client.prepare<[string], { hash: string }>(
      "SELECT hash FROM audit_entries WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1",
    );
    const insert = client.prepare(
      `INSERT INTO audit_entries (tenant_id, at, actor, action, object, version, detail, prev_hash, hash)
       VALUES (@tenantId, @at, @actor, @action, @object, @version, @detail, @prevHash, '')`,
    );
    const setHash = client.prepare("UPDATE audit_entries SET hash = ? WHERE seq = ?");
    const setCounter = client.prepare(
      `INSERT INTO counters (tenant_id, key, value) VALUES (?, ?, ?)
       ON CONFLICT (tenant_id, key) DO UPDATE SET value = excluded.value`,
    );
    const counter = client.prepare<[string, string], { value: number }>(
      "SELECT value FROM counters WHERE tenant_id = ? AND key = ?",
    );
    const transaction = client.transaction((input: AuditEntryInput): AuditEntry => {
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
      const prevHash = last.get(input.tenantId)?.hash ?? GENESIS_HASH;
      const seq = Number(insert.run({ ...content, detail: detailText, prevHash }).lastInsertRowid);
      const hash = entryHash(prevHash, { ...content, seq });
      setHash.run(hash, seq);
      const count = (counter.get(input.tenantId, HEAD_COUNT)?.value ?? 0) + 1;
      setCounter.run(input.tenantId, HEAD_COUNT, count);
      setCounter.run(input.tenantId, HEAD_SEQ, seq);
      return { ...content, seq, prevHash, hash };
    });
    this.appendTx = (entry) => transaction.immediate(entry);
  }

  async append(entry: AuditEntryInput): Promise<AuditEntry> {
    return this.appendTx(entry);
  }

  async list(tenantId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    const rows = this.client
      .prepare<[string, number, number], AuditRow>(
        `SELECT ${COLUMNS} FROM audit_entries WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
      )
      .all(tenantId, options.afterSeq ?? 0, options.limit ?? 1000);
    return rows.map((row) => ({ ...row, detail: parseDetail(row.detail) }));
  }

  async verify(tenantId: string): Promise<AuditVerification> {
    const read = this.client.transaction(() => {
      const rows = this.client
        .prepare<[string], AuditRow>(`SELECT ${COLUMNS} FROM audit_entries WHERE tenant_id = ? ORDER BY seq`)
        .all(tenantId);
      const counters = this.client
        .prepare<[string, string, string], { key: string; value: number }>(
          "SELECT key, value FROM counters WHERE tenant_id = ? AND key IN (?, ?)",
        )
        .all(tenantId, HEAD_COUNT, HEAD_SEQ);
      const value = (key: string) => counters.find((c) => c.key === key)?.value ?? 0;
      const head: ChainHead = { count: value(HEAD_COUNT), lastSeq: value(HEAD_SEQ) };
      return { rows, head };
    });
    const { rows, head } = read();
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
