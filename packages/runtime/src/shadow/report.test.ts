import { createHash } from "node:crypto";
import type { RunRow, Store } from "@switchyard/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EffectSummary } from "../effects/staged.js";
import { buildShadowReport, liveRunIdFor, type ShadowReportInput } from "./report.js";
import { openTestStore } from "../../tests/test-store.js";

const TENANT = "t1";
const WORKFLOW = "payout";
const SHADOW_VERSION = 2;
const T0 = Date.UTC(2024, 4, 1);

const payout = (amount: number): EffectSummary => ({
  kind: "http",
  target: "POST https://pay.example/payouts",
  detail: { amount, currency: "EUR" },
});
const markPaid: EffectSummary = { kind: "record-update", target: "lead/L1", detail: { stage: "paid" } };
const welcome: EffectSummary = { kind: "email", target: "ann@example.com", detail: { subject: "Paid" } };

interface RunSpec {
  readonly event: string;
  readonly mode: "live" | "shadow";
  readonly id?: string;
  readonly version?: number;
  readonly status?: RunRow["status"];
  readonly error?: unknown;
  /** Offset of the event from T0, in minutes. */
  readonly at: number;
  readonly startedAt?: number;
  readonly latency?: number;
  readonly subject?: Record<string, unknown>;
  readonly overlay?: Record<string, unknown>;
  /** One list of effects per step execution. */
  readonly steps: readonly (readonly EffectSummary[])[];
}

/** Writes a run the way the engine does: started with its event, then one commit per step. */
async function putRun(store: Store, spec: RunSpec): Promise<RunRow> {
  const occurredAt = T0 + spec.at * 60_000;
  const startedAt = spec.startedAt ?? occurredAt + 1000;
  const status = spec.status ?? "completed";
  const finished = status === "completed" || status === "failed" || status === "cancelled";
  const started: RunRow = {
    id:
      spec.id ??
      (spec.mode === "live"
        ? liveRunIdFor(TENANT, WORKFLOW, { id: spec.event, occurredAt })
        : `shadow-${spec.event}`),
    tenantId: TENANT,
    workflowId: WORKFLOW,
    version: spec.version ?? (spec.mode === "live" ? 1 : SHADOW_VERSION),
    mode: spec.mode,
    trigger: "payout.requested",
    eventId: spec.event,
    parentRunId: null,
    status: "running",
    state: {
      vars: {},
      steps: {},
      tokens: [],
      joins: {},
      seq: 0,
      record: spec.subject ?? { id: "L1", region: "east" },
      event: { id: spec.event, type: "payout.requested", source: "test", payload: {}, occurredAt },
      ...(spec.overlay ? { overlay: spec.overlay } : {}),
    },
    error: null,
    startedAt,
    updatedAt: startedAt,
    finishedAt: null,
  };
  await store.startRuns(null, [started]);
  const finishedAt = finished ? startedAt + (spec.latency ?? 100) : null;
  const run: RunRow = { ...started, status, error: spec.error ?? null, finishedAt, updatedAt: startedAt + 1 };
  for (const [i, effects] of spec.steps.entries()) {
    await store.commit({
      run,
      execution: {
        runId: run.id,
        stepId: `step${i}`,
        tokenId: `t1.${i + 1}`,
        attempt: 1,
        status: "completed",
        input: null,
        output: null,
        error: null,
        explanation: null,
        effects: effects.length > 0 ? effects : null,
        startedAt,
        finishedAt: startedAt,
      },
    });
  }
  if (spec.steps.length === 0) await store.commit({ run });
  return run;
}

/** Both sides of one event. */
async function putPair(
  store: Store,
  event: string,
  at: number,
  live: RunSpec["steps"],
  shadow: RunSpec["steps"],
) {
  await putRun(store, { event, at, mode: "live", steps: live });
  await putRun(store, { event, at, mode: "shadow", steps: shadow });
}

describe("buildShadowReport", () => {
  let store: Store;
  const input = (over: Partial<ShadowReportInput> = {}): ShadowReportInput => ({
    store,
    tenantId: TENANT,
    workflowId: WORKFLOW,
    shadowVersion: SHADOW_VERSION,
    workflow: { region: "east", entity: "lead" },
    ...over,
  });

  beforeEach(async () => {
    store = await openTestStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it("compares each event's newest shadow run with its live run", async () => {
    await putPair(store, "e1-match", 1, [[payout(1200)], [markPaid]], [[payout(1200)], [markPaid]]);
    await putPair(store, "e2-amount", 2, [[payout(1200)]], [[payout(3000)]]);
    await putPair(store, "e3-email", 3, [[payout(500)]], [[payout(500), welcome]]);
    await putPair(store, "e4-missing", 4, [[payout(700), markPaid]], [[payout(700)]]);
    const report = await buildShadowReport(input());

    expect(report.events.map((e) => [e.eventId, e.verdict])).toEqual([
      ["e1-match", "identical"],
      ["e2-amount", "different"],
      ["e3-email", "different"],
      ["e4-missing", "different"],
    ]);
    const [match, amount, email, missing] = report.events;
    expect(match?.effects?.counts).toEqual({ matched: 2, different: 0, added: 0, missing: 0 });
    expect(match?.liveRunId).toBe(
      liveRunIdFor(TENANT, WORKFLOW, { id: "e1-match", occurredAt: T0 + 60_000 }),
    );
    expect(match?.eventType).toBe("payout.requested");
    expect(match?.occurredAt).toBe(T0 + 60_000);
    expect(amount?.effects?.entries[0]?.differences).toEqual([
      { path: "amount", change: "changed", live: 1200, shadow: 3000 },
    ]);
    expect(email?.effects?.entries.map((e) => [e.class, e.kind])).toEqual([
      ["matched", "http"],
      ["added", "email"],
    ]);
    expect(missing?.effects?.entries.map((e) => [e.class, e.target])).toEqual([
      ["matched", "POST https://pay.example/payouts"],
      ["missing", "lead/L1"],
    ]);
    expect(report.totals).toMatchObject({
      events: 4,
      compared: 4,
      pending: 0,
      identical: 1,
      withDifferences: 3,
      shadowErrors: 0,
      errorRate: 0,
      effects: { matched: 4, different: 1, added: 1, missing: 1 },
    });
    expect(report.liveVersions).toEqual([1]);
    expect(report.fieldsWritten).toEqual(["lead.stage"]);
  });

  it("counts a failed shadow run as an error and a difference, and an anomaly by its code", async () => {
    await putRun(store, { event: "e1", at: 1, mode: "live", steps: [[payout(100)]] });
    await putRun(store, {
      event: "e1",
      at: 1,
      mode: "shadow",
      status: "failed",
      error: { code: "http/status", message: "The payout service answered 500." },
      steps: [[payout(100)]],
    });
    await putRun(store, { event: "e2", at: 2, mode: "live", steps: [[payout(200)]] });
    await putRun(store, {
      event: "e2",
      at: 2,
      mode: "shadow",
      status: "failed",
      error: { code: "breaker/anomaly", message: "oversized_payout" },
      steps: [],
    });
    const report = await buildShadowReport(input());

    const [failed, anomaly] = report.events;
    expect(failed).toMatchObject({
      verdict: "different",
      statusDiffers: true,
      liveStatus: "completed",
      shadowStatus: "failed",
      shadowError: { code: "http/status", message: "The payout service answered 500." },
      anomaly: false,
    });
    expect(failed?.effects?.counts.matched).toBe(1);
    expect(anomaly).toMatchObject({ shadowRunId: "shadow-e2", anomaly: true, verdict: "different" });
    expect(report.totals).toMatchObject({ shadowErrors: 2, errorRate: 1, anomalies: 1, withDifferences: 2 });
  });

  it("treats an unfinished shadow run as pending, not as an error", async () => {
    await putPair(store, "e1", 1, [[payout(100)]], [[payout(100)]]);
    await putRun(store, { event: "e2", at: 2, mode: "live", steps: [[payout(100)]] });
    await putRun(store, { event: "e2", at: 2, mode: "shadow", status: "waiting", steps: [] });
    const report = await buildShadowReport(input());

    expect(report.events[1]).toMatchObject({ verdict: "pending", shadowStatus: "waiting" });
    expect(report.events[1]?.latencyMs).toEqual({ live: 100, shadow: null });
    expect(report.totals).toMatchObject({
      events: 2,
      pending: 1,
      identical: 1,
      withDifferences: 0,
      shadowErrors: 0,
      errorRate: 0,
      effects: { matched: 1, different: 0, added: 0, missing: 0 },
    });
  });

  it("reports records of another region the shadow run touched", async () => {
    await putRun(store, {
      event: "e1",
      at: 1,
      mode: "live",
      subject: { id: "L7", region: "west" },
      steps: [],
    });
    const created = "task/shadow_run_0123456789abcdef01234567:t1.1:create:1";
    await putRun(store, {
      event: "e1",
      at: 1,
      mode: "shadow",
      subject: { id: "L7", region: "west" },
      overlay: { "lead/L7": { region: "west", stage: "paid" }, [created]: { title: "Call", region: "west" } },
      steps: [
        [{ kind: "record-update", target: "lead/L7", detail: { stage: "paid" } }],
        [{ kind: "record-create", target: created, detail: { title: "Call", region: "west" } }],
        [{ kind: "record-update", target: "lead/L8", detail: { region: "east" } }],
      ],
    });
    const report = await buildShadowReport(input());

    expect(report.events[0]?.boundaryViolations).toEqual([
      { entity: "lead", id: "L7", region: "west", touched: ["subject", "updated"] },
      { entity: "task", id: created.slice(5), region: "west", touched: ["created"] },
    ]);
    expect(report.totals.boundaryViolations).toBe(2);
    expect(report.fieldsWritten).toEqual(["lead.region", "lead.stage", "task.region", "task.title"]);

    const global = await buildShadowReport(input({ workflow: { region: "global", entity: "lead" } }));
    expect(global.totals.boundaryViolations).toBe(0);
  });

  it("keeps events without a live run apart from the comparison", async () => {
    await putRun(store, { event: "e1", at: 1, mode: "shadow", steps: [[payout(100)]] });
    const report = await buildShadowReport(input());

    expect(report.events[0]).toMatchObject({ verdict: "no-live", shadowEffects: [payout(100)] });
    expect(report.events[0]?.liveRunId).toBeUndefined();
    expect(report.events[0]?.effects).toBeUndefined();
    expect(report.totals).toMatchObject({ events: 1, compared: 0, identical: 0, withDifferences: 0 });
    expect(report.liveVersions).toEqual([]);
  });

  it("pairs shadow runs with live runs stored under ids from before ids sorted by time", async () => {
    const legacyId = (mode: string) =>
      `run_${createHash("sha256").update(`${TENANT}:${WORKFLOW}:${mode}:e1`).digest("hex").slice(0, 24)}`;
    await putRun(store, { event: "e1", at: 1, mode: "live", id: legacyId("live"), steps: [[payout(100)]] });
    await putRun(store, {
      event: "e1",
      at: 1,
      mode: "shadow",
      id: legacyId("shadow"),
      steps: [[payout(100)]],
    });
    const report = await buildShadowReport(input());

    expect(report.events[0]).toMatchObject({ liveRunId: legacyId("live"), verdict: "identical" });
  });

  it("uses the newest of several shadow runs of one event (replays)", async () => {
    await putRun(store, { event: "e1", at: 1, mode: "live", version: 3, steps: [[payout(100)]] });
    // The SQLite store keeps one shadow run per event and workflow (index runs_event_once), so the
    // older replay is stored under another event id and listed under e1, as a store that keeps
    // replays would list it.
    await putRun(store, {
      event: "e1-replayed",
      at: 1,
      mode: "shadow",
      id: "shadow-old",
      startedAt: T0 + 5 * 60_000,
      status: "failed",
      error: { code: "http/status", message: "boom" },
      steps: [[payout(999)]],
    });
    await putRun(store, {
      event: "e1",
      at: 1,
      mode: "shadow",
      id: "shadow-new",
      startedAt: T0 + 9 * 60_000,
      steps: [[payout(100)]],
    });
    const withReplays: Store = Object.assign(Object.create(store) as Store, {
      listRuns: async (filter: Parameters<Store["listRuns"]>[0]) =>
        (await store.listRuns(filter)).map((r) =>
          r.eventId === "e1-replayed" ? { ...r, eventId: "e1" } : r,
        ),
    });
    const report = await buildShadowReport(input({ store: withReplays }));

    expect(report.events).toHaveLength(1);
    expect(report.events[0]).toMatchObject({
      shadowRunId: "shadow-new",
      shadowRuns: 2,
      verdict: "identical",
    });
    expect(report.totals).toMatchObject({ events: 1, shadowErrors: 0 });
    expect(report.liveVersions).toEqual([3]);
  });

  it("ignores other versions and keeps to the window", async () => {
    await putPair(store, "e1", 1, [[payout(1)]], [[payout(1)]]);
    await putPair(store, "e2", 30, [[payout(2)]], [[payout(2)]]);
    await putPair(store, "e3", 90, [[payout(3)]], [[payout(3)]]);
    await putRun(store, { event: "e4", at: 40, mode: "shadow", id: "v1-shadow", version: 1, steps: [] });
    const report = await buildShadowReport(input({ since: T0 + 10 * 60_000, until: T0 + 60 * 60_000 }));

    expect(report.events.map((e) => e.eventId)).toEqual(["e2"]);
    expect(report.window).toEqual({ from: T0 + 10 * 60_000, to: T0 + 60 * 60_000 });
  });

  it("gives latency percentiles and passes lineage and compliance through", async () => {
    for (const [i, latency] of [100, 200, 300, 400].entries()) {
      await putRun(store, { event: `e${i}`, at: i, mode: "live", latency, steps: [] });
      await putRun(store, { event: `e${i}`, at: i, mode: "shadow", latency: latency * 2, steps: [] });
    }
    const finding = { code: "compliance/no-consent-field", severity: "warning", field: "lead.email" };
    const report = await buildShadowReport(
      input({
        fieldsRead: new Map([["pay", new Set(["lead.amount", "lead.iban"])]]),
        compliance: [finding],
        limit: 4,
      }),
    );

    expect(report.totals.latency).toEqual({
      live: { count: 4, p50: 200, p95: 400 },
      shadow: { count: 4, p50: 400, p95: 800 },
    });
    expect(report.fieldsRead).toEqual({ pay: ["lead.amount", "lead.iban"] });
    expect(report.compliance).toEqual([finding]);
    expect(report.truncated).toBe(true);
    expect(report.window).toEqual({ from: T0, to: T0 + 3 * 60_000 });
  });
});
