import { type EventRef, eventRunId, eventRunIds, twinRunId } from "../engine/ids.js";
import type { Workflow } from "@switchyard/definitions";
import type { RunRow, Store } from "@switchyard/store";
import { byText } from "./boundary.js";
import { type CompareOptions, effectsOf } from "./compare-effects.js";
import { compareEvent, type EventComparison, type RunWithEffects } from "./event.js";
import { isPlainObject } from "./normalise.js";
import { type ShadowTotals, totalsOf } from "./totals.js";

/** The store methods the report reads (all reads; the report never writes). */
export type ShadowReportStore = Pick<Store, "listRuns" | "getRun" | "stepExecutions" | "getEvent">;

/** What {@link buildShadowReport} reports on. */
export interface ShadowReportInput {
  readonly store: ShadowReportStore;
  readonly tenantId: string;
  readonly workflowId: string;
  /** The version running in shadow mode. */
  readonly shadowVersion: number;
  /** The shadow version's workflow (its `region` is the permission boundary, `entity` the subject's). */
  readonly workflow: Pick<Workflow, "region" | "entity">;
  /** Lineage of the shadow version: step → fields it reads (e.g. from `fieldReadsByStep`). */
  readonly fieldsRead?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Compliance findings of the shadow version, passed through unchanged. */
  readonly compliance?: readonly unknown[];
  /** Only events that occurred at or after this moment (ms since the epoch). */
  readonly since?: number;
  /** Only events that occurred before this moment. */
  readonly until?: number;
  /** Ids of shadow runs marked anomalous elsewhere (counted with `breaker/anomaly…` failures). */
  readonly anomalies?: ReadonlySet<string>;
  /** Most shadow runs to read, newest first (default 10 000); `truncated` says when it was reached. */
  readonly limit?: number;
  readonly compare?: CompareOptions;
}

/** What a shadow version did with the events it saw, compared with what live did. */
export interface ShadowReport {
  readonly workflowId: string;
  readonly shadowVersion: number;
  /** The live versions that handled the compared events, ascending. */
  readonly liveVersions: readonly number[];
  /** The requested window, or else the first and last event's time; null without events. */
  readonly window: { readonly from: number | null; readonly to: number | null };
  /** Oldest event first. */
  readonly events: readonly EventComparison[];
  readonly totals: ShadowTotals;
  /** Step → fields it reads, sorted (from the input). */
  readonly fieldsRead: Readonly<Record<string, readonly string[]>>;
  /** Every field the shadow runs write, as `entity.field`, sorted. */
  readonly fieldsWritten: readonly string[];
  readonly compliance: readonly unknown[];
  /** True when `limit` shadow runs were read, so older ones may be missing. */
  readonly truncated: boolean;
}

/** The default number of shadow runs a report reads. */
export const DEFAULT_REPORT_LIMIT = 10_000;

/** The id the engine gives the live run of a workflow for an event (engine.ts, processEvents). */
export function liveRunIdFor(tenantId: string, workflowId: string, event: EventRef): string {
  return eventRunId(tenantId, workflowId, "live", event);
}

const newestFirst = (a: RunRow, b: RunRow) => b.startedAt - a.startedAt || byText(b.id, a.id);

/** Top-level shadow runs grouped by event; each group newest first. */
function byEvent(runs: readonly RunRow[]): Map<string, RunRow[]> {
  const groups = new Map<string, RunRow[]>();
  for (const run of runs) {
    if (run.eventId === null || run.parentRunId !== null) continue;
    groups.set(run.eventId, [...(groups.get(run.eventId) ?? []), run]);
  }
  for (const group of groups.values()) group.sort(newestFirst);
  return groups;
}

async function eventOf(store: ShadowReportStore, run: RunRow, tenantId: string, eventId: string) {
  const state = isPlainObject(run.state) ? run.state : {};
  const kept = isPlainObject(state.event) ? state.event : {};
  if (typeof kept.type === "string" && typeof kept.occurredAt === "number")
    return { id: eventId, type: kept.type, occurredAt: kept.occurredAt };
  const stored = await store.getEvent(tenantId, eventId);
  return { id: eventId, type: stored?.type ?? run.trigger, occurredAt: stored?.occurredAt ?? run.startedAt };
}

async function withEffects(store: ShadowReportStore, run: RunRow): Promise<RunWithEffects> {
  const executions = await store.stepExecutions(run.id);
  return { run, effects: executions.flatMap(effectsOf) };
}

/**
 * The live run for the shadow run's event: its twin by id, else (a replay of an event whose live run
 * predates time-sorted ids) the live run under any form of the event's run id.
 */
async function liveCounterpart(
  input: ShadowReportInput,
  shadow: RunRow,
  event: EventRef,
): Promise<RunRow | undefined> {
  const ids = new Set([
    twinRunId(shadow, "live", event.id),
    ...eventRunIds(input.tenantId, input.workflowId, "live", event),
  ]);
  for (const id of ids) {
    const run = await input.store.getRun(id);
    const fits =
      run?.mode === "live" &&
      run.eventId === event.id &&
      run.workflowId === input.workflowId &&
      run.tenantId === input.tenantId;
    if (fits) return run;
  }
  return undefined;
}

const inWindow = (at: number, input: ShadowReportInput) =>
  (input.since === undefined || at >= input.since) && (input.until === undefined || at < input.until);

function sortedReads(reads: ShadowReportInput["fieldsRead"]): Record<string, string[]> {
  const steps = [...(reads?.keys() ?? [])].sort(byText);
  return Object.fromEntries(steps.map((s) => [s, [...(reads?.get(s) ?? [])].sort(byText)]));
}

/**
 * Compares, event by event, what the live version did with what a shadow version would have done.
 * Reads the shadow version's top-level runs, keeps the newest per event (replays), pairs each with
 * the live run of the same workflow for the same event (any version), and compares their effects,
 * outcome and latency. Only reads the store.
 */
export async function buildShadowReport(input: ShadowReportInput): Promise<ShadowReport> {
  const { store, tenantId, workflowId } = input;
  const limit = input.limit ?? DEFAULT_REPORT_LIMIT;
  const runs = await store.listRuns({
    tenantId,
    workflowId,
    mode: "shadow",
    version: input.shadowVersion,
    limit,
  });
  const events: EventComparison[] = [];
  for (const [eventId, group] of byEvent(runs)) {
    const newest = group[0];
    if (!newest) continue;
    const event = await eventOf(store, newest, tenantId, eventId);
    if (!inWindow(event.occurredAt, input)) continue;
    const live = await liveCounterpart(input, newest, event);
    events.push(
      compareEvent({
        event,
        shadow: await withEffects(store, newest),
        ...(live ? { live: await withEffects(store, live) } : {}),
        shadowRuns: group.length,
        scope: input.workflow,
        ...(input.anomalies ? { anomalies: input.anomalies } : {}),
        ...(input.compare ? { options: input.compare } : {}),
      }),
    );
  }
  events.sort((a, b) => a.occurredAt - b.occurredAt || byText(a.eventId, b.eventId));
  const times = events.map((e) => e.occurredAt);
  return {
    workflowId,
    shadowVersion: input.shadowVersion,
    liveVersions: [
      ...new Set(events.flatMap((e) => (e.liveVersion === undefined ? [] : [e.liveVersion]))),
    ].sort((a, b) => a - b),
    window: {
      from: input.since ?? times[0] ?? null,
      to: input.until ?? times.at(-1) ?? null,
    },
    events,
    totals: totalsOf(events),
    fieldsRead: sortedReads(input.fieldsRead),
    fieldsWritten: [...new Set(events.flatMap((e) => e.fieldsWritten))].sort(byText),
    compliance: input.compliance ?? [],
    truncated: runs.length >= limit,
  };
}
