/**
 * The shadow report: for a workflow version running in shadow mode, what it would have done with
 * each event, compared with what the live version did — effect by effect (matched, different,
 * added, missing), with errors, latency, fields written and records touched outside the workflow's
 * region. `buildShadowReport` reads the store; everything else is pure. See docs/shadow-report.md.
 */
export {
  type BoundaryScope,
  type BoundaryViolation,
  boundaryViolations,
  fieldsWritten,
  type RecordTouch,
  type TouchedRecords,
} from "./boundary.js";
export {
  type CompareOptions,
  compareEffects,
  countClasses,
  EFFECT_CLASSES,
  type EffectClass,
  type EffectComparison,
  type EffectComparisonEntry,
  type EffectCounts,
  type EffectKind,
  effectsOf,
} from "./compare-effects.js";
export {
  ANOMALY_CODE_PREFIX,
  compareEvent,
  type EventComparison,
  type EventInput,
  type EventVerdict,
  type RunError,
  type RunWithEffects,
} from "./event.js";
export { type FormatOptions, formatShadowReport, needsAttention } from "./format.js";
export { GENERATED_ID, normaliseIds, normaliseValue } from "./normalise.js";
export {
  buildShadowReport,
  DEFAULT_REPORT_LIMIT,
  liveRunIdFor,
  type ShadowReport,
  type ShadowReportInput,
  type ShadowReportStore,
} from "./report.js";
export { type LatencyStats, percentile, type ShadowTotals, totalsOf } from "./totals.js";
export {
  DEFAULT_TIME_TOLERANCE_MS,
  type DiffOptions,
  diffValues,
  type FieldDifference,
} from "./value-diff.js";
