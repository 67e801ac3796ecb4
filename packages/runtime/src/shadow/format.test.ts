import type { RunRow } from "@switchyard/store";
import { describe, expect, it } from "vitest";
import type { EffectSummary } from "../effects/staged.js";
import { compareEvent, type EventComparison } from "./event.js";
import { formatShadowReport } from "./format.js";
import type { ShadowReport } from "./report.js";
import { totalsOf } from "./totals.js";

const T0 = Date.UTC(2024, 4, 1, 9);
const payout = (amount: number): EffectSummary => ({
  kind: "http",
  target: "POST https://pay.example/payouts",
  detail: { amount },
});

function run(id: string, mode: RunRow["mode"], over: Partial<RunRow> = {}): RunRow {
  return {
    id,
    tenantId: "t1",
    workflowId: "payout",
    version: mode === "live" ? 1 : 2,
    mode,
    trigger: "payout.requested",
    eventId: id,
    parentRunId: null,
    status: "completed",
    state: { record: { id: "L1", region: "east" } },
    error: null,
    startedAt: T0,
    updatedAt: T0,
    finishedAt: T0 + 120,
    ...over,
  };
}

function event(id: string, live: EffectSummary[], shadow: EffectSummary[], over: Partial<RunRow> = {}) {
  return compareEvent({
    event: { id, type: "payout.requested", occurredAt: T0 },
    live: { run: run(`live-${id}`, "live"), effects: live },
    shadow: { run: run(`shadow-${id}`, "shadow", over), effects: shadow },
    shadowRuns: 1,
    scope: { region: "east", entity: "lead" },
  });
}

function report(events: EventComparison[]): ShadowReport {
  return {
    workflowId: "payout",
    shadowVersion: 2,
    liveVersions: [1],
    window: { from: T0, to: T0 + 3_600_000 },
    events,
    totals: totalsOf(events),
    fieldsRead: { pay: ["lead.amount"] },
    fieldsWritten: [],
    compliance: [
      {
        severity: "warning",
        code: "compliance/no-consent-field",
        field: "lead.email",
        message: "No consent.",
      },
    ],
    truncated: false,
  };
}

describe("formatShadowReport", () => {
  it("puts the summary first and lists only the events that need attention", () => {
    const text = formatShadowReport(
      report([
        event("ok", [payout(100)], [payout(100)]),
        event("paid-more", [payout(1200)], [payout(3000)]),
        event("failed", [], [], { status: "failed", error: { code: "http/status", message: "500" } }),
      ]),
    );
    const lines = text.split("\n");
    expect(lines[0]).toBe("Shadow report: payout v2 against live v1");
    expect(lines).toContain("Window: 2024-05-01T09:00:00.000Z to 2024-05-01T10:00:00.000Z");
    expect(lines).toContain("Events: 3 (compared with live 3, pending 0)");
    expect(lines).toContain("Outcome: identical 1, with differences 2");
    expect(lines).toContain("Shadow errors: 1 (error rate 33.3%), anomalies 0");
    expect(lines).toContain("Effects: matched 1, different 1, added 0, missing 0");
    expect(lines).toContain(
      "Latency: live p50 120 ms, p95 120 ms (3 runs); shadow p50 120 ms, p95 120 ms (3 runs)",
    );
    expect(lines).toContain("  - pay: lead.amount");
    expect(lines).toContain("  - warning compliance/no-consent-field lead.email: No consent.");
    expect(lines).toContain("Events needing attention: 2");
    expect(lines).toContain(
      "- 2024-05-01T09:00:00.000Z payout.requested paid-more: different, live completed, shadow completed",
    );
    expect(lines).toContain("    different http POST https://pay.example/payouts: amount 1200 → 3000");
    expect(lines).toContain("    shadow error http/status: 500");
    expect(text).not.toContain(" ok:");
  });

  it("caps the event list and says how many more there are", () => {
    const events = Array.from({ length: 5 }, (_, i) => event(`e${i}`, [payout(i)], []));
    const text = formatShadowReport(report(events), { maxEvents: 2 });
    expect(text.match(/^- /gm)).toHaveLength(2);
    expect(text).toContain("… and 3 more");
    expect(text).toContain(`    missing http POST https://pay.example/payouts {"amount":0}`);
  });

  it("says so when no event needs attention", () => {
    expect(formatShadowReport(report([event("ok", [payout(1)], [payout(1)])]))).toContain(
      "No event needs attention.",
    );
  });
});
