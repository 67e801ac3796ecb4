import { countClasses, type EffectCounts } from "./compare-effects.js";
import { type EventComparison, isFinished } from "./event.js";

/** Latency percentiles over the runs that finished (nearest rank), in milliseconds. */
export interface LatencyStats {
  /** How many finished runs the percentiles are over. */
  readonly count: number;
  readonly p50: number | null;
  readonly p95: number | null;
}

/** The aggregate of a shadow report. */
export interface ShadowTotals {
  /** Events the shadow version handled in the window (replays of an event count once). */
  readonly events: number;
  /** Events a live run also handled. */
  readonly compared: number;
  /** Events whose shadow run, or its live counterpart, has not finished: neither errors nor differences. */
  readonly pending: number;
  /** Finished comparisons where every effect matched and both runs ended the same way. */
  readonly identical: number;
  /** Finished comparisons with at least one effect not matched, or runs that ended differently. */
  readonly withDifferences: number;
  /** Shadow runs that failed (anomalies included). */
  readonly shadowErrors: number;
  /** `shadowErrors` over the shadow runs that finished; 0 when none has. */
  readonly errorRate: number;
  /** Shadow runs that failed with a `breaker/anomaly…` code or were marked anomalous. */
  readonly anomalies: number;
  readonly latency: { readonly live: LatencyStats; readonly shadow: LatencyStats };
  /** Effects per class, over the finished comparisons (`identical` and `different` events). */
  readonly effects: EffectCounts;
  /** Records of another region touched, summed over events. */
  readonly boundaryViolations: number;
}

/** The value at percentile `p` (0–100) by nearest rank; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

function latencyStats(values: readonly (number | null)[]): LatencyStats {
  const finished = values.filter((v): v is number => v !== null);
  return { count: finished.length, p50: percentile(finished, 50), p95: percentile(finished, 95) };
}

/** Sums per-event comparisons into the report's totals. Pure. */
export function totalsOf(events: readonly EventComparison[]): ShadowTotals {
  const settled = events.filter((e) => e.verdict === "identical" || e.verdict === "different");
  const shadowFinished = events.filter((e) => isFinished(e.shadowStatus)).length;
  const shadowErrors = events.filter((e) => e.shadowStatus === "failed").length;
  return {
    events: events.length,
    compared: events.filter((e) => e.liveRunId !== undefined).length,
    pending: events.filter((e) => e.verdict === "pending").length,
    identical: settled.filter((e) => e.verdict === "identical").length,
    withDifferences: settled.filter((e) => e.verdict === "different").length,
    shadowErrors,
    errorRate: shadowFinished === 0 ? 0 : shadowErrors / shadowFinished,
    anomalies: events.filter((e) => e.anomaly).length,
    latency: {
      live: latencyStats(events.map((e) => e.latencyMs.live)),
      shadow: latencyStats(events.map((e) => e.latencyMs.shadow)),
    },
    effects: countClasses(settled.flatMap((e) => e.effects?.entries ?? [])),
    boundaryViolations: events.reduce((n, e) => n + e.boundaryViolations.length, 0),
  };
}
