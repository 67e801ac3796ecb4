/**
 * The shadow status as `GET /api/workflows/{id}/shadow` answers it (docs/shadow-report.md).
 * Only the fields the studio reads; the runtime's `ShadowStatus` is the source of truth.
 */

export type EffectClass = "matched" | "different" | "added" | "missing";
export type Verdict = "identical" | "different" | "no-live" | "pending";

export interface EffectSummary {
  readonly kind: string;
  readonly target: string;
  readonly detail: unknown;
}

export interface FieldDifference {
  readonly path: string;
  readonly change: "changed" | "added" | "removed";
  readonly live?: unknown;
  readonly shadow?: unknown;
}

export interface EffectEntry {
  readonly class: EffectClass;
  readonly kind: string;
  readonly target: string;
  readonly live?: EffectSummary;
  readonly shadow?: EffectSummary;
  readonly differences: readonly FieldDifference[];
}

export interface RunErrorView {
  readonly code: string;
  readonly message: string;
}

export interface BoundaryViolation {
  readonly entity: string;
  readonly id: string;
  readonly region: string;
  readonly touched: readonly string[];
}

export interface EventComparison {
  readonly eventId: string;
  readonly eventType: string;
  readonly occurredAt: number;
  readonly verdict: Verdict;
  readonly liveRunId?: string;
  readonly liveStatus?: string;
  readonly liveError?: RunErrorView;
  readonly shadowRunId: string;
  readonly shadowStatus: string;
  readonly shadowError?: RunErrorView;
  readonly statusDiffers: boolean;
  readonly anomaly: boolean;
  readonly effects?: { readonly entries: readonly EffectEntry[] };
  readonly shadowEffects: readonly EffectSummary[];
  readonly latencyMs: { readonly live: number | null; readonly shadow: number | null };
  readonly fieldsWritten: readonly string[];
  readonly boundaryViolations: readonly BoundaryViolation[];
}

export interface LatencyStats {
  readonly count: number;
  readonly p50: number | null;
  readonly p95: number | null;
}

export interface ShadowTotals {
  readonly events: number;
  readonly compared: number;
  readonly pending: number;
  readonly identical: number;
  readonly withDifferences: number;
  readonly shadowErrors: number;
  readonly errorRate: number;
  readonly anomalies: number;
  readonly latency: { readonly live: LatencyStats; readonly shadow: LatencyStats };
  readonly effects: Readonly<Record<EffectClass, number>>;
  readonly boundaryViolations: number;
}

export interface ComplianceFinding {
  readonly code?: string;
  readonly severity?: string;
  readonly step?: string;
  readonly field?: string;
  readonly message?: string;
  readonly reason?: string;
}

export interface ShadowReport {
  readonly workflowId: string;
  readonly shadowVersion: number;
  readonly liveVersions: readonly number[];
  readonly window: { readonly from: number | null; readonly to: number | null };
  readonly events: readonly EventComparison[];
  readonly totals: ShadowTotals;
  readonly fieldsRead: Readonly<Record<string, readonly string[]>>;
  readonly fieldsWritten: readonly string[];
  readonly compliance: readonly ComplianceFinding[];
  readonly truncated: boolean;
}

export type GateId = "min-duration" | "min-events" | "max-error-rate" | "boundary-violations" | "approval";

export interface Gate {
  readonly id: GateId | string;
  readonly passed: boolean;
  readonly required: string;
  readonly actual: string;
  readonly message: string;
}

export interface ShadowStatus {
  readonly workflowId: string;
  readonly version: number;
  readonly status: string;
  readonly report: ShadowReport;
  readonly gates: readonly Gate[];
  readonly promotable: boolean;
}
