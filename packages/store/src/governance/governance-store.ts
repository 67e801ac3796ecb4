/** A version's time in shadow mode. */
export interface ShadowSession {
  readonly tenantId: string;
  readonly workflowId: string;
  readonly version: number;
  readonly startedAt: number;
  readonly startedBy: string;
  readonly stoppedAt: number | null;
}

/** An approver's decision on one version. */
export interface Approval {
  readonly tenantId: string;
  readonly kind: string;
  readonly definitionId: string;
  readonly version: number;
  readonly approver: string;
  readonly decision: "approved" | "rejected";
  readonly comment: string | null;
  readonly at: number;
}

/** closed: traffic flows; open: work is held; half-open: one probe run decides. */
export type BreakerState = "closed" | "open" | "half-open";

export interface BreakerRow {
  readonly tenantId: string;
  /** `workflow:<id>@<version>` or `component:<id>@<version>`. */
  readonly key: string;
  readonly state: BreakerState;
  readonly reason: string | null;
  readonly detail: unknown;
  readonly openedAt: number | null;
  readonly updatedAt: number;
}

/** One observation in a breaker's rolling window. `subject` (a run or step id) makes it idempotent. */
export interface BreakerOutcome {
  readonly tenantId: string;
  readonly key: string;
  readonly subject: string;
  readonly outcome: "ok" | "error" | "anomaly";
  readonly at: number;
  /** What went wrong, for the breaker's report (error code, anomaly id). */
  readonly detail?: string | null;
}

/** Counts of a breaker's window. */
export interface OutcomeCounts {
  readonly total: number;
  readonly errors: number;
  readonly anomalies: number;
  /** Most frequent reasons first, e.g. `anomaly rebate_above_expected` × 12. */
  readonly reasons: readonly { readonly detail: string; readonly count: number }[];
}

/** A component IT has approved, with its owner and quota. */
export interface WhitelistEntry {
  readonly tenantId: string;
  readonly componentId: string;
  readonly version: string;
  readonly contentHash: string;
  readonly owner: string;
  /** Calls per minute per tenant; null for no quota. */
  readonly callsPerMinute: number | null;
  readonly addedBy: string;
  readonly addedAt: number;
}

/** Storage for shadow sessions, approvals, breakers and the component whitelist. */
export interface GovernanceStore {
  startShadow(session: Omit<ShadowSession, "stoppedAt">): Promise<void>;
  stopShadow(tenantId: string, workflowId: string, version: number, at: number): Promise<void>;
  getShadowSession(tenantId: string, workflowId: string, version: number): Promise<ShadowSession | undefined>;

  /** Records (or replaces) an approver's decision. */
  putApproval(approval: Approval): Promise<void>;
  approvals(tenantId: string, kind: string, definitionId: string, version: number): Promise<Approval[]>;

  getBreaker(tenantId: string, key: string): Promise<BreakerRow | undefined>;
  putBreaker(row: BreakerRow): Promise<void>;
  /**
   * Moves a breaker only if it is still as `from` says (its state and `updatedAt`; `null`: no row
   * yet). Says whether it moved: when several workers see the same failures, one of them opens the
   * breaker (and notifies, and audits), the others find it moved.
   */
  moveBreaker(row: BreakerRow, from: Pick<BreakerRow, "state" | "updatedAt"> | null): Promise<boolean>;
  listBreakers(tenantId: string): Promise<BreakerRow[]>;
  /** Adds observations; a repeated (tenant, key, subject) is ignored. */
  recordOutcomes(outcomes: readonly BreakerOutcome[]): Promise<void>;
  /** Counts the observations of `key` at or after `since`. */
  outcomesSince(tenantId: string, key: string, since: number): Promise<OutcomeCounts>;

  putWhitelist(entry: WhitelistEntry): Promise<void>;
  removeWhitelist(tenantId: string, componentId: string, version: string): Promise<boolean>;
  listWhitelist(tenantId: string): Promise<WhitelistEntry[]>;
}
