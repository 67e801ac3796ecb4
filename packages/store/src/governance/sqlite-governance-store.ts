import type Database from "better-sqlite3";
import type { SqliteGenerations } from "../sqlite/generation.js";
import type {
  Approval,
  BreakerOutcome,
  BreakerRow,
  GovernanceStore,
  OutcomeCounts,
  ShadowSession,
  WhitelistEntry,
} from "./governance-store.js";

const WHITELIST_COLUMNS = `tenant_id AS tenantId, component_id AS componentId, version,
  content_hash AS contentHash, owner, calls_per_minute AS callsPerMinute, added_by AS addedBy,
  added_at AS addedAt`;

/** The governance tables on the embedded SQLite database (see governance-schema.ts). */
export class SqliteGovernanceStore implements GovernanceStore {
  private readonly insertOutcome: Database.Statement;

  constructor(
    private readonly client: Database.Database,
    private readonly generations: SqliteGenerations,
  ) {
    this.insertOutcome = client.prepare(
      `INSERT INTO breaker_outcomes (tenant_id, key, subject, outcome, at, detail)
       VALUES (@tenantId, @key, @subject, @outcome, @at, @detail) ON CONFLICT DO NOTHING`,
    );
  }

  async startShadow(s: Omit<ShadowSession, "stoppedAt">): Promise<void> {
    this.client
      .prepare(
        `INSERT INTO shadow_sessions (tenant_id, workflow_id, version, started_at, started_by)
         VALUES (@tenantId, @workflowId, @version, @startedAt, @startedBy)
         ON CONFLICT DO UPDATE SET started_at = excluded.started_at, started_by = excluded.started_by,
           stopped_at = NULL`,
      )
      .run(s);
  }

  async stopShadow(tenantId: string, workflowId: string, version: number, at: number): Promise<void> {
    this.client
      .prepare(
        `UPDATE shadow_sessions SET stopped_at = ? WHERE tenant_id = ? AND workflow_id = ? AND version = ?
         AND stopped_at IS NULL`,
      )
      .run(at, tenantId, workflowId, version);
  }

  async getShadowSession(tenantId: string, workflowId: string, version: number) {
    return this.client
      .prepare<[string, string, number], ShadowSession>(
        `SELECT tenant_id AS tenantId, workflow_id AS workflowId, version, started_at AS startedAt,
           started_by AS startedBy, stopped_at AS stoppedAt
         FROM shadow_sessions WHERE tenant_id = ? AND workflow_id = ? AND version = ?`,
      )
      .get(tenantId, workflowId, version);
  }

  async putApproval(a: Approval): Promise<void> {
    this.client
      .prepare(
        `INSERT INTO approvals (tenant_id, kind, definition_id, version, approver, decision, comment, at)
         VALUES (@tenantId, @kind, @definitionId, @version, @approver, @decision, @comment, @at)
         ON CONFLICT DO UPDATE SET decision = excluded.decision, comment = excluded.comment, at = excluded.at`,
      )
      .run(a);
  }

  async approvals(tenantId: string, kind: string, definitionId: string, version: number) {
    return this.client
      .prepare<[string, string, string, number], Approval>(
        `SELECT tenant_id AS tenantId, kind, definition_id AS definitionId, version, approver, decision,
           comment, at
         FROM approvals WHERE tenant_id = ? AND kind = ? AND definition_id = ? AND version = ? ORDER BY at`,
      )
      .all(tenantId, kind, definitionId, version);
  }

  async getBreaker(tenantId: string, key: string) {
    const row = this.client
      .prepare<[string, string], BreakerRow & { detail: string | null }>(
        `SELECT tenant_id AS tenantId, key, state, reason, detail, opened_at AS openedAt,
           updated_at AS updatedAt FROM breakers WHERE tenant_id = ? AND key = ?`,
      )
      .get(tenantId, key);
    return row && { ...row, detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown) };
  }

  async putBreaker(row: BreakerRow): Promise<void> {
    this.changing(row.tenantId, () =>
      this.client
        .prepare(
          `INSERT INTO breakers (tenant_id, key, state, reason, detail, opened_at, updated_at)
         VALUES (@tenantId, @key, @state, @reason, @detail, @openedAt, @updatedAt)
         ON CONFLICT DO UPDATE SET state = excluded.state, reason = excluded.reason,
           detail = excluded.detail, opened_at = excluded.opened_at, updated_at = excluded.updated_at`,
        )
        .run({ ...row, detail: row.detail === undefined ? null : JSON.stringify(row.detail) }),
    );
  }

  /** Runs a write and counts it as a change workers cache (when it changed a row), in one transaction. */
  private changing(tenantId: string, write: () => Database.RunResult): number {
    return this.client.transaction(() => {
      const { changes } = write();
      if (changes > 0) this.generations.changed(tenantId);
      return changes;
    })();
  }

  async moveBreaker(row: BreakerRow, from: Pick<BreakerRow, "state" | "updatedAt"> | null): Promise<boolean> {
    const values = { ...row, detail: row.detail === undefined ? null : JSON.stringify(row.detail) };
    const moved = this.changing(row.tenantId, () =>
      from
        ? this.client
            .prepare(
              `UPDATE breakers SET state = @state, reason = @reason, detail = @detail, opened_at = @openedAt,
               updated_at = @updatedAt
             WHERE tenant_id = @tenantId AND key = @key AND state = @fromState AND updated_at = @fromUpdatedAt`,
            )
            .run({ ...values, fromState: from.state, fromUpdatedAt: from.updatedAt })
        : this.client
            .prepare(
              `INSERT INTO breakers (tenant_id, key, state, reason, detail, opened_at, updated_at)
             VALUES (@tenantId, @key, @state, @reason, @detail, @openedAt, @updatedAt) ON CONFLICT DO NOTHING`,
            )
            .run(values),
    );
    return moved > 0;
  }

  async listBreakers(tenantId: string) {
    return this.client
      .prepare<[string], BreakerRow & { detail: string | null }>(
        `SELECT tenant_id AS tenantId, key, state, reason, detail, opened_at AS openedAt,
           updated_at AS updatedAt FROM breakers WHERE tenant_id = ? ORDER BY key`,
      )
      .all(tenantId)
      .map((row) => ({ ...row, detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown) }));
  }

  async recordOutcomes(outcomes: readonly BreakerOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    this.client.transaction(() => this.recordOutcomesInTransaction(outcomes))();
  }

  /** For the store's step commit, which writes a transition's observations in its own transaction. */
  recordOutcomesInTransaction(outcomes: readonly BreakerOutcome[]): void {
    for (const o of outcomes) this.insertOutcome.run({ ...o, detail: o.detail ?? null });
  }

  async outcomesSince(tenantId: string, key: string, since: number): Promise<OutcomeCounts> {
    const rows = this.client
      .prepare<[string, string, number], { outcome: string; detail: string | null; n: number }>(
        `SELECT outcome, detail, COUNT(*) AS n FROM breaker_outcomes
         WHERE tenant_id = ? AND key = ? AND at >= ? GROUP BY outcome, detail`,
      )
      .all(tenantId, key, since);
    let total = 0;
    let errors = 0;
    let anomalies = 0;
    const reasons: { detail: string; count: number }[] = [];
    for (const r of rows) {
      total += r.n;
      if (r.outcome === "error") errors += r.n;
      if (r.outcome === "anomaly") anomalies += r.n;
      if (r.outcome !== "ok") reasons.push({ detail: `${r.outcome} ${r.detail ?? ""}`.trim(), count: r.n });
    }
    reasons.sort((a, b) => b.count - a.count || a.detail.localeCompare(b.detail));
    return { total, errors, anomalies, reasons };
  }

  async putWhitelist(e: WhitelistEntry): Promise<void> {
    this.changing(e.tenantId, () =>
      this.client
        .prepare(
          `INSERT INTO component_whitelist (tenant_id, component_id, version, content_hash, owner,
           calls_per_minute, added_by, added_at)
         VALUES (@tenantId, @componentId, @version, @contentHash, @owner, @callsPerMinute, @addedBy, @addedAt)
         ON CONFLICT DO UPDATE SET content_hash = excluded.content_hash, owner = excluded.owner,
           calls_per_minute = excluded.calls_per_minute, added_by = excluded.added_by,
           added_at = excluded.added_at`,
        )
        .run(e),
    );
  }

  async removeWhitelist(tenantId: string, componentId: string, version: string): Promise<boolean> {
    const removed = this.changing(tenantId, () =>
      this.client
        .prepare("DELETE FROM component_whitelist WHERE tenant_id = ? AND component_id = ? AND version = ?")
        .run(tenantId, componentId, version),
    );
    return removed > 0;
  }

  async listWhitelist(tenantId: string) {
    return this.client
      .prepare<[string], WhitelistEntry>(
        `SELECT ${WHITELIST_COLUMNS} FROM component_whitelist WHERE tenant_id = ?
         ORDER BY component_id, version`,
      )
      .all(tenantId);
  }
}
