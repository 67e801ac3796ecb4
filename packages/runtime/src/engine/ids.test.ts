import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { eventRunId, eventRunIds, newEventId, stableId, twinRunId } from "./ids.js";

const T = Date.UTC(2026, 10, 23, 12, 0, 0);
const legacy = (prefix: string, key: string) =>
  `${prefix}_${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;

describe("generated ids", () => {
  it("are stable for a key and time, and differ with either", () => {
    expect(stableId("ob", "run_1:t1.1:email:1", T)).toBe(stableId("ob", "run_1:t1.1:email:1", T));
    expect(stableId("ob", "run_1:t1.1:email:1", T)).not.toBe(stableId("ob", "run_1:t1.1:email:2", T));
    expect(stableId("ob", "run_1:t1.1:email:1", T)).toMatch(/^ob_[0-9a-f]{32}$/);
  });

  it("sort by time as text, whatever the key", () => {
    const byTime = [0, T, T + 1, T + 5, T + 1_000].map((at, i) => stableId("run", `key-${9 - i}`, at));
    expect([3, 0, 4, 2, 1].map((i) => byTime[i]).sort()).toEqual(byTime);
  });

  it("keep a time outside what 12 hex digits hold to their ends instead of failing", () => {
    expect(stableId("run", "k", -5)).toMatch(/^run_000000000000/);
    expect(stableId("run", "k", Number.NaN)).toMatch(/^run_000000000000/);
    expect(stableId("run", "k", 2 ** 60)).toMatch(/^run_ffffffffffff/);
  });

  it("give an event's live and shadow runs ids a run can find its twin by", () => {
    const event = { id: "evt-1", occurredAt: T };
    const live = { id: eventRunId("t1", "wf.a", "live", event), tenantId: "t1", workflowId: "wf.a" };
    const shadow = { id: eventRunId("t1", "wf.a", "shadow", event), tenantId: "t1", workflowId: "wf.a" };
    expect(twinRunId(live, "shadow", event.id)).toBe(shadow.id);
    expect(twinRunId(shadow, "live", event.id)).toBe(live.id);
  });

  it("find the legacy twin of a run stored before ids sorted by time", () => {
    const live = { id: legacy("run", "t1:wf.a:live:evt-1"), tenantId: "t1", workflowId: "wf.a" };
    expect(twinRunId(live, "shadow", "evt-1")).toBe(legacy("run", "t1:wf.a:shadow:evt-1"));
    expect(eventRunIds("t1", "wf.a", "live", { id: "evt-1", occurredAt: T })).toEqual([
      eventRunId("t1", "wf.a", "live", { id: "evt-1", occurredAt: T }),
      live.id,
    ]);
  });

  it("make new event ids that sort by creation", () => {
    const ids = Array.from({ length: 50 }, () => newEventId());
    expect(new Set(ids).size).toBe(50);
    expect([...ids].sort()).toEqual(ids);
  });
});
