import { formatValue } from "../ui/format";
import type {
  EffectClass,
  EffectEntry,
  EventComparison,
  FieldDifference,
  Gate,
  ShadowTotals,
  Verdict,
} from "./types";

/** One bar of a chart: a label, a count and the tone it is drawn in. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly tone: "ok" | "warn" | "bad" | "neutral";
}

const EFFECT_TONE: Record<EffectClass, Bar["tone"]> = {
  matched: "ok",
  different: "warn",
  added: "bad",
  missing: "bad",
};

/** The report's effect counts as bars, in the order the docs list the classes. */
export function effectBars(totals: Pick<ShadowTotals, "effects">): Bar[] {
  return (["matched", "different", "added", "missing"] as const).map((c) => ({
    label: c,
    value: totals.effects[c] ?? 0,
    tone: EFFECT_TONE[c],
  }));
}

const VERDICT_TONE: Record<Verdict, Bar["tone"]> = {
  identical: "ok",
  different: "warn",
  "no-live": "neutral",
  pending: "neutral",
};

/** How many events got each verdict; shadow failures are counted apart as "shadow failed". */
export function verdictBars(events: readonly Pick<EventComparison, "verdict" | "shadowStatus">[]): Bar[] {
  const counts: Record<Verdict, number> = { identical: 0, different: 0, "no-live": 0, pending: 0 };
  let failed = 0;
  for (const e of events) {
    counts[e.verdict] += 1;
    if (e.shadowStatus === "failed") failed += 1;
  }
  return [
    ...(Object.keys(counts) as Verdict[]).map((v) => ({ label: v, value: counts[v], tone: VERDICT_TONE[v] })),
    { label: "shadow failed", value: failed, tone: "bad" as const },
  ];
}

/** One field difference as people read it: "owner: inside-sales → inbound-desk". */
export function describeDifference(d: FieldDifference): string {
  switch (d.change) {
    case "added":
      return `${d.path}: (not set) → ${formatValue(d.shadow)}`;
    case "removed":
      return `${d.path}: ${formatValue(d.live)} → (not set)`;
    default:
      return `${d.path}: ${formatValue(d.live)} → ${formatValue(d.shadow)}`;
  }
}

/** What an effect entry that is not `matched` says, one line each. */
export function describeEntry(entry: EffectEntry): string[] {
  const head = `${entry.class} ${entry.kind} ${entry.target}`;
  if (entry.class === "different")
    return [head, ...entry.differences.map((d) => `  ${describeDifference(d)}`)];
  const side = entry.class === "added" ? entry.shadow : entry.live;
  return side?.detail === undefined || side.detail === null
    ? [head]
    : [`${head} ${formatValue(side.detail)}`];
}

/** The entries of an event that differ between live and shadow (matched ones left out). */
export function differingEntries(event: Pick<EventComparison, "effects">): EffectEntry[] {
  return (event.effects?.entries ?? []).filter((e) => e.class !== "matched");
}

/** Whether an event needs a reader's attention: a difference, a failure, an anomaly or a violation. */
export function needsAttention(e: EventComparison): boolean {
  return (
    e.verdict === "different" || e.shadowStatus === "failed" || e.anomaly || e.boundaryViolations.length > 0
  );
}

/** The gates a promotion is waiting for. */
export function failedGates(gates: readonly Gate[]): Gate[] {
  return gates.filter((g) => !g.passed);
}

/** The gates a refused promotion carries (`409 lifecycle/gates-failed` puts them in `error.gates`). */
export function gatesOfRefusal(body: Record<string, unknown>): Gate[] {
  const error = body.error as { gates?: unknown } | undefined;
  const gates = error?.gates ?? body.gates;
  return Array.isArray(gates) ? (gates as Gate[]) : [];
}
