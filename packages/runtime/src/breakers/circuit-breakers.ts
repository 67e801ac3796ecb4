import type { BreakerOutcome, BreakerRow, OutcomeCounts, Store } from "@switchyard/store";
import type { EffectivePolicy } from "./policy.js";

/** What a breaker's state change was, for the engine to act on (notify, audit, roll back, release). */
export type BreakerTransition =
  | { readonly kind: "opened"; readonly row: BreakerRow; readonly counts: OutcomeCounts }
  | { readonly kind: "closed"; readonly row: BreakerRow };

/** Detail kept with an open or half-open breaker. */
export interface BreakerDetail {
  readonly counts?: OutcomeCounts;
  readonly threshold?: number;
  readonly windowMs?: number;
  readonly minRuns?: number;
  /** In half-open state: the run whose outcome decides. */
  readonly probeRunId?: string;
}

const cacheKey = (tenantId: string, key: string) => `${tenantId}\u0000${key}`;

/**
 * Breaker states with an in-memory read cache (every event and step asks "is it open?"), and the
 * rolling-window rule: open when at least `minRuns` observations in the window and the share of
 * failed or anomalous ones is above `errorRate`.
 */
export class CircuitBreakers {
  private readonly cache = new Map<string, BreakerRow | null>();

  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
  ) {}

  async get(tenantId: string, key: string): Promise<BreakerRow | undefined> {
    const k = cacheKey(tenantId, key);
    if (!this.cache.has(k))
      this.cache.set(k, (await this.store.governance.getBreaker(tenantId, key)) ?? null);
    return this.cache.get(k) ?? undefined;
  }

  /** Whether work under this breaker must wait (open, or half-open for everything but the probe). */
  async holds(tenantId: string, key: string, runId?: string): Promise<boolean> {
    const row = await this.get(tenantId, key);
    if (!row || row.state === "closed") return false;
    return !(row.state === "half-open" && runId !== undefined && probeOf(row) === runId);
  }

  /** Reads a tenant's breakers into the cache (when the engine loads the tenant). */
  async warm(tenantId: string): Promise<void> {
    for (const row of await this.store.governance.listBreakers(tenantId))
      this.cache.set(cacheKey(tenantId, row.key), row);
  }

  /** The open breakers this process knows of (for the half-open timer). */
  openRows(): BreakerRow[] {
    return [...this.cache.values()].filter((r): r is BreakerRow => r !== null && r.state === "open");
  }

  /** Forgets cached states (after another process may have changed them). */
  invalidate(tenantId?: string): void {
    if (tenantId === undefined) this.cache.clear();
    else for (const k of this.cache.keys()) if (k.startsWith(cacheKey(tenantId, ""))) this.cache.delete(k);
  }

  /** Takes note of an observation already stored with its step commit; says if the breaker moved. */
  async observe(
    tenantId: string,
    key: string,
    policy: EffectivePolicy,
    outcome: BreakerOutcome,
  ): Promise<BreakerTransition | undefined> {
    const row = await this.get(tenantId, key);
    const bad = outcome.outcome !== "ok";
    if (row?.state === "half-open" && probeOf(row) === outcome.subject) {
      if (!bad) {
        const closed = await this.move(row, row, "closed", "the probe run succeeded", null);
        return closed && { kind: "closed", row: closed };
      }
      const counts = await this.counts(tenantId, key, policy);
      const reopened = await this.move(
        row,
        row,
        "open",
        `the probe run failed (${outcome.detail ?? outcome.outcome})`,
        { counts },
      );
      return reopened && { kind: "opened", row: reopened, counts };
    }
    if (!bad || (row && row.state !== "closed")) return undefined;
    const counts = await this.counts(tenantId, key, policy);
    const badCount = counts.errors + counts.anomalies;
    if (counts.total < policy.minRuns || badCount / counts.total <= policy.errorRate) return undefined;
    const percent = ((badCount / counts.total) * 100).toFixed(1);
    const reason =
      `${badCount} of the last ${counts.total} runs failed or looked wrong (${percent}%, ` +
      `above the ${(policy.errorRate * 100).toFixed(1)}% threshold)`;
    const opened = await this.move(
      row,
      row ?? { tenantId, key, state: "closed", reason: null, detail: null, openedAt: null, updatedAt: 0 },
      "open",
      reason,
      { counts, threshold: policy.errorRate, windowMs: policy.windowMs, minRuns: policy.minRuns },
    );
    return opened && { kind: "opened", row: opened, counts };
  }

  /** Lets one run through: its outcome closes the breaker or opens it again. */
  async halfOpen(tenantId: string, key: string, probeRunId: string): Promise<BreakerRow> {
    const row = await this.require(tenantId, key);
    return this.set(row, "half-open", `probing with run ${probeRunId}`, {
      ...(row.detail as BreakerDetail | null),
      probeRunId,
    });
  }

  async close(tenantId: string, key: string, reason: string): Promise<BreakerRow> {
    return this.set(await this.require(tenantId, key), "closed", reason, null);
  }

  async open(tenantId: string, key: string, reason: string): Promise<BreakerRow> {
    const row = (await this.get(tenantId, key)) ?? {
      tenantId,
      key,
      state: "closed" as const,
      reason: null,
      detail: null,
      openedAt: null,
      updatedAt: 0,
    };
    return this.set(row, "open", reason, row.detail as BreakerDetail | null);
  }

  private async require(tenantId: string, key: string): Promise<BreakerRow> {
    const row = await this.get(tenantId, key);
    if (!row) throw new Error(`there is no breaker '${key}'`);
    return row;
  }

  private counts(tenantId: string, key: string, policy: EffectivePolicy): Promise<OutcomeCounts> {
    return this.store.governance.outcomesSince(tenantId, key, this.clock() - policy.windowMs);
  }

  /** A person's decision (close, probe, open by hand): it stands whatever the breaker was. */
  private async set(
    row: BreakerRow,
    state: BreakerRow["state"],
    reason: string,
    detail: BreakerDetail | null,
  ): Promise<BreakerRow> {
    const next = this.next(row, state, reason, detail);
    await this.store.governance.putBreaker(next);
    this.cache.set(cacheKey(row.tenantId, row.key), next);
    return next;
  }

  /**
   * An automatic move, from what this process last saw (`seen`; undefined: no row yet). If
   * another worker moved the breaker first, nothing is written and the result is undefined: that
   * worker notifies and audits, once.
   */
  private async move(
    seen: BreakerRow | undefined,
    row: BreakerRow,
    state: BreakerRow["state"],
    reason: string,
    detail: BreakerDetail | null,
  ): Promise<BreakerRow | undefined> {
    const next = this.next(row, state, reason, detail);
    const moved = await this.store.governance.moveBreaker(
      next,
      seen ? { state: seen.state, updatedAt: seen.updatedAt } : null,
    );
    const key = cacheKey(row.tenantId, row.key);
    if (!moved) {
      this.cache.delete(key);
      return undefined;
    }
    this.cache.set(key, next);
    return next;
  }

  private next(
    row: BreakerRow,
    state: BreakerRow["state"],
    reason: string,
    detail: BreakerDetail | null,
  ): BreakerRow {
    const now = this.clock();
    return {
      ...row,
      state,
      reason,
      detail,
      openedAt: state === "closed" ? row.openedAt : state === "open" ? now : row.openedAt,
      updatedAt: now,
    };
  }
}

function probeOf(row: BreakerRow): string | undefined {
  return (row.detail as BreakerDetail | null)?.probeRunId;
}
