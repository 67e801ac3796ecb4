import type { BoundaryViolation } from "./boundary.js";
import { EFFECT_CLASSES, type EffectComparisonEntry } from "./compare-effects.js";
import type { EventComparison } from "./event.js";
import { isPlainObject } from "./normalise.js";
import type { ShadowReport } from "./report.js";
import type { LatencyStats } from "./totals.js";
import type { FieldDifference } from "./value-diff.js";

/** Options of {@link formatShadowReport}. */
export interface FormatOptions {
  /** Most events listed in detail (default 50); the rest are counted as "and N more". */
  readonly maxEvents?: number;
  /** Longest value shown before it is cut with "…" (default 120 characters). */
  readonly maxValueLength?: number;
}

const time = (ms: number | null) => (ms === null ? "—" : new Date(ms).toISOString());

/** A value as JSON: numbers exactly as stored (1200 stays 1200), strings quoted. */
function show(value: unknown, max: number): string {
  const text = value === undefined ? "(none)" : (JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const percent = (rate: number) => `${Number((rate * 100).toFixed(1))}%`;

const latency = (name: string, s: LatencyStats) =>
  s.count === 0
    ? `${name} —`
    : `${name} p50 ${s.p50} ms, p95 ${s.p95} ms (${s.count} ${s.count === 1 ? "run" : "runs"})`;

/** Whether an event needs a reader's attention: differences, a shadow failure, an anomaly or a violation. */
export function needsAttention(e: EventComparison): boolean {
  return (
    e.verdict === "different" || e.shadowStatus === "failed" || e.anomaly || e.boundaryViolations.length > 0
  );
}

function difference(d: FieldDifference, max: number): string {
  const at = d.path === "" ? "" : `${d.path} `;
  if (d.change === "added") return `${at}added ${show(d.shadow, max)}`;
  if (d.change === "removed") return `${at}removed (was ${show(d.live, max)})`;
  return `${at}${show(d.live, max)} → ${show(d.shadow, max)}`;
}

function effectLine(e: EffectComparisonEntry, max: number): string {
  const head = `${e.class} ${e.kind} ${e.target}`;
  if (e.class === "different") return `${head}: ${e.differences.map((d) => difference(d, max)).join("; ")}`;
  const effect = e.shadow ?? e.live;
  return `${head} ${show(effect?.detail, max)}`;
}

const violationLine = (v: BoundaryViolation) =>
  `boundary: ${v.entity}/${v.id || "(no id)"} is in region ${v.region} (${v.touched.join(", ")})`;

function eventLines(e: EventComparison, max: number): string[] {
  const outcome = [
    e.verdict === "no-live" ? "no live run" : e.verdict,
    ...(e.liveStatus ? [`live ${e.liveStatus}`] : []),
    `shadow ${e.shadowStatus}`,
    ...(e.anomaly ? ["anomaly"] : []),
    ...(e.shadowRuns > 1 ? [`newest of ${e.shadowRuns} shadow runs`] : []),
  ].join(", ");
  const lines = [`- ${time(e.occurredAt)} ${e.eventType} ${e.eventId}: ${outcome}`];
  if (e.shadowError) lines.push(`    shadow error ${e.shadowError.code}: ${e.shadowError.message}`);
  for (const entry of e.effects?.entries ?? []) {
    if (entry.class !== "matched") lines.push(`    ${effectLine(entry, max)}`);
  }
  for (const v of e.boundaryViolations) lines.push(`    ${violationLine(v)}`);
  return lines;
}

function complianceLine(finding: unknown): string {
  if (!isPlainObject(finding)) return `  - ${JSON.stringify(finding)}`;
  const parts = [finding.severity, finding.code, finding.field].filter((p) => typeof p === "string");
  const step = typeof finding.step === "string" ? ` (step ${finding.step})` : "";
  const message = typeof finding.message === "string" ? `: ${finding.message}` : "";
  return `  - ${parts.join(" ")}${step}${message}`;
}

function summary(report: ShadowReport): string[] {
  const t = report.totals;
  const live = report.liveVersions.length > 0 ? report.liveVersions.map((v) => `v${v}`).join(", ") : "none";
  const reads = Object.entries(report.fieldsRead);
  return [
    `Shadow report: ${report.workflowId} v${report.shadowVersion} against live ${live}`,
    `Window: ${time(report.window.from)} to ${time(report.window.to)}${report.truncated ? " (run limit reached: older runs not read)" : ""}`,
    `Events: ${t.events} (compared with live ${t.compared}, pending ${t.pending})`,
    `Outcome: identical ${t.identical}, with differences ${t.withDifferences}`,
    `Shadow errors: ${t.shadowErrors} (error rate ${percent(t.errorRate)}), anomalies ${t.anomalies}`,
    `Effects: ${EFFECT_CLASSES.map((c) => `${c} ${t.effects[c]}`).join(", ")}`,
    `Latency: ${latency("live", t.latency.live)}; ${latency("shadow", t.latency.shadow)}`,
    `Boundary violations: ${t.boundaryViolations}`,
    `Fields written: ${report.fieldsWritten.length > 0 ? report.fieldsWritten.join(", ") : "none"}`,
    ...(reads.length > 0
      ? ["Fields read:", ...reads.map(([step, fields]) => `  - ${step}: ${fields.join(", ") || "none"}`)]
      : []),
    ...(report.compliance.length > 0
      ? [`Compliance findings: ${report.compliance.length}`, ...report.compliance.map(complianceLine)]
      : []),
  ];
}

/**
 * The report as plain text: the summary first, then one block per event that needs attention
 * (differences, shadow failures, anomalies, boundary violations), oldest first, at most
 * `maxEvents` of them. Values are shown as stored JSON, so amounts read exactly as computed.
 */
export function formatShadowReport(report: ShadowReport, options: FormatOptions = {}): string {
  const maxEvents = options.maxEvents ?? 50;
  const maxValue = options.maxValueLength ?? 120;
  const attention = report.events.filter(needsAttention);
  const lines = summary(report);
  lines.push("");
  if (attention.length === 0) lines.push("No event needs attention.");
  else {
    lines.push(`Events needing attention: ${attention.length}`);
    for (const e of attention.slice(0, maxEvents)) lines.push(...eventLines(e, maxValue));
    if (attention.length > maxEvents) lines.push(`… and ${attention.length - maxEvents} more`);
  }
  return `${lines.join("\n")}\n`;
}
