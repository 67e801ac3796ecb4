import { and, asc, count, eq, gte, isNull } from "drizzle-orm";
import type { Db, Queryable, Tx } from "../pg/db.js";
import { bumpGeneration } from "../pg/generation.js";
import * as g from "../pg/governance-schema.js";
import { jsonText, parseJson, visibleColumns } from "../pg/rows.js";
import type {
  Approval,
  BreakerOutcome,
  BreakerRow,
  GovernanceStore,
  OutcomeCounts,
  ShadowSession,
  WhitelistEntry,
} from "./governance-store.js";

/** The governance tables on PostgreSQL (see ../pg/governance-schema.ts). */
export class PgGovernanceStore implements GovernanceStore {
  constructor(private readonly db: Db) {}

  async startShadow(s: Omit<ShadowSession, "stoppedAt">): Promise<void> {
    await this.db
      .insert(g.shadowSessions)
      .values(s)
      .onConflictDoUpdate({
        target: [g.shadowSessions.tenantId, g.shadowSessions.workflowId, g.shadowSessions.version],
        set: { startedAt: s.startedAt, startedBy: s.startedBy, stoppedAt: null },
      });
  }

  async stopShadow(tenantId: string, workflowId: string, version: number, at: number): Promise<void> {
    await this.db
      .update(g.shadowSessions)
      .set({ stoppedAt: at })
      .where(and(shadowOf(tenantId, workflowId, version), isNull(g.shadowSessions.stoppedAt)));
  }

  async getShadowSession(tenantId: string, workflowId: string, version: number) {
    const [row] = await this.db
      .select()
      .from(g.shadowSessions)
      .where(shadowOf(tenantId, workflowId, version));
    return row;
  }

  async putApproval(a: Approval): Promise<void> {
    await this.db
      .insert(g.approvals)
      .values(a)
      .onConflictDoUpdate({
        target: [
          g.approvals.tenantId,
          g.approvals.kind,
          g.approvals.definitionId,
          g.approvals.version,
          g.approvals.approver,
        ],
        set: { decision: a.decision, comment: a.comment, at: a.at },
      });
  }

  async approvals(tenantId: string, kind: string, definitionId: string, version: number) {
    const rows = await this.db
      .select(visibleColumns(g.approvals))
      .from(g.approvals)
      .where(
        and(
          eq(g.approvals.tenantId, tenantId),
          eq(g.approvals.kind, kind),
          eq(g.approvals.definitionId, definitionId),
          eq(g.approvals.version, version),
        ),
      )
      .orderBy(asc(g.approvals.at), asc(g.approvals.rowid));
    return rows.map((row) => ({ ...row, decision: row.decision as Approval["decision"] }));
  }

  async getBreaker(tenantId: string, key: string) {
    const [row] = await this.db
      .select()
      .from(g.breakers)
      .where(and(eq(g.breakers.tenantId, tenantId), eq(g.breakers.key, key)));
    return row && toBreaker(row);
  }

  async putBreaker(row: BreakerRow): Promise<void> {
    const values = { ...row, detail: jsonText(row.detail) };
    await this.changing(row.tenantId, async (tx) => {
      await tx
        .insert(g.breakers)
        .values(values)
        .onConflictDoUpdate({
          target: [g.breakers.tenantId, g.breakers.key],
          set: {
            state: values.state,
            reason: values.reason,
            detail: values.detail,
            openedAt: values.openedAt,
            updatedAt: values.updatedAt,
          },
        });
      return true;
    });
  }

  /** Runs a write and counts it as a change workers cache (when it changed a row), in one transaction. */
  private changing(tenantId: string, write: (tx: Tx) => Promise<boolean>): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const changed = await write(tx);
      if (changed) await bumpGeneration(tx, tenantId);
      return changed;
    });
  }

  async moveBreaker(row: BreakerRow, from: Pick<BreakerRow, "state" | "updatedAt"> | null): Promise<boolean> {
    const values = { ...row, detail: jsonText(row.detail) };
    return this.changing(row.tenantId, async (tx) => {
      const moved = from
        ? await tx
            .update(g.breakers)
            .set({
              state: values.state,
              reason: values.reason,
              detail: values.detail,
              openedAt: values.openedAt,
              updatedAt: values.updatedAt,
            })
            .where(
              and(
                eq(g.breakers.tenantId, row.tenantId),
                eq(g.breakers.key, row.key),
                eq(g.breakers.state, from.state),
                eq(g.breakers.updatedAt, from.updatedAt),
              ),
            )
            .returning({ key: g.breakers.key })
        : await tx.insert(g.breakers).values(values).onConflictDoNothing().returning({ key: g.breakers.key });
      return moved.length > 0;
    });
  }

  async listBreakers(tenantId: string) {
    const rows = await this.db
      .select()
      .from(g.breakers)
      .where(eq(g.breakers.tenantId, tenantId))
      .orderBy(asc(g.breakers.key));
    return rows.map(toBreaker);
  }

  async recordOutcomes(outcomes: readonly BreakerOutcome[]): Promise<void> {
    await insertOutcomes(this.db, outcomes);
  }

  async outcomesSince(tenantId: string, key: string, since: number): Promise<OutcomeCounts> {
    const rows = await this.db
      .select({ outcome: g.breakerOutcomes.outcome, detail: g.breakerOutcomes.detail, n: count() })
      .from(g.breakerOutcomes)
      .where(
        and(
          eq(g.breakerOutcomes.tenantId, tenantId),
          eq(g.breakerOutcomes.key, key),
          gte(g.breakerOutcomes.at, since),
        ),
      )
      .groupBy(g.breakerOutcomes.outcome, g.breakerOutcomes.detail);
    return tally(rows);
  }

  async putWhitelist(e: WhitelistEntry): Promise<void> {
    await this.changing(e.tenantId, async (tx) => {
      await tx
        .insert(g.componentWhitelist)
        .values(e)
        .onConflictDoUpdate({
          target: [
            g.componentWhitelist.tenantId,
            g.componentWhitelist.componentId,
            g.componentWhitelist.version,
          ],
          set: {
            contentHash: e.contentHash,
            owner: e.owner,
            callsPerMinute: e.callsPerMinute,
            addedBy: e.addedBy,
            addedAt: e.addedAt,
          },
        });
      return true;
    });
  }

  async removeWhitelist(tenantId: string, componentId: string, version: string): Promise<boolean> {
    return this.changing(tenantId, async (tx) => {
      const removed = await tx
        .delete(g.componentWhitelist)
        .where(
          and(
            eq(g.componentWhitelist.tenantId, tenantId),
            eq(g.componentWhitelist.componentId, componentId),
            eq(g.componentWhitelist.version, version),
          ),
        )
        .returning({ version: g.componentWhitelist.version });
      return removed.length > 0;
    });
  }

  async listWhitelist(tenantId: string) {
    return this.db
      .select()
      .from(g.componentWhitelist)
      .where(eq(g.componentWhitelist.tenantId, tenantId))
      .orderBy(asc(g.componentWhitelist.componentId), asc(g.componentWhitelist.version));
  }
}

/**
 * Adds breaker observations, ignoring a repeated (tenant, key, subject). Takes a transaction so
 * the step commit writes a transition's observations together with the transition.
 */
export async function insertOutcomes(q: Queryable, outcomes: readonly BreakerOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await q
    .insert(g.breakerOutcomes)
    .values(outcomes.map((o) => ({ ...o, detail: o.detail ?? null })))
    .onConflictDoNothing();
}

const shadowOf = (tenantId: string, workflowId: string, version: number) =>
  and(
    eq(g.shadowSessions.tenantId, tenantId),
    eq(g.shadowSessions.workflowId, workflowId),
    eq(g.shadowSessions.version, version),
  );

function toBreaker(row: typeof g.breakers.$inferSelect): BreakerRow {
  return { ...row, state: row.state as BreakerRow["state"], detail: parseJson(row.detail) };
}

/** The same summary the SQLite dialect gives: totals, then reasons, most frequent first. */
function tally(rows: readonly { outcome: string; detail: string | null; n: number }[]): OutcomeCounts {
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
