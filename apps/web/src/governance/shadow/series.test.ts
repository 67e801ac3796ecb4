import { describe, expect, it } from "vitest";
import {
  describeDifference,
  describeEntry,
  effectBars,
  failedGates,
  gatesOfRefusal,
  verdictBars,
} from "./series";

describe("effectBars", () => {
  it("lists the four effect classes in order with their counts", () => {
    const bars = effectBars({ effects: { matched: 5, different: 1, added: 2, missing: 0 } });
    expect(bars.map((b) => [b.label, b.value])).toEqual([
      ["matched", 5],
      ["different", 1],
      ["added", 2],
      ["missing", 0],
    ]);
  });
});

describe("verdictBars", () => {
  it("counts events per verdict and shadow failures apart", () => {
    const bars = verdictBars([
      { verdict: "identical", shadowStatus: "completed" },
      { verdict: "different", shadowStatus: "failed" },
      { verdict: "different", shadowStatus: "completed" },
      { verdict: "pending", shadowStatus: "waiting" },
    ]);
    expect(Object.fromEntries(bars.map((b) => [b.label, b.value]))).toEqual({
      identical: 1,
      different: 2,
      "no-live": 0,
      pending: 1,
      "shadow failed": 1,
    });
  });
});

describe("describeDifference / describeEntry", () => {
  it("words a changed, added and removed field as live → shadow", () => {
    expect(describeDifference({ path: "amount", change: "changed", live: 1200, shadow: 3000 })).toBe(
      "amount: 1200 → 3000",
    );
    expect(describeDifference({ path: "tier", change: "added", shadow: "key" })).toBe(
      "tier: (not set) → key",
    );
    expect(describeDifference({ path: "owner", change: "removed", live: "ann" })).toBe(
      "owner: ann → (not set)",
    );
  });
  it("lists a different effect's fields under its head, and an added effect's detail inline", () => {
    expect(
      describeEntry({
        class: "different",
        kind: "http",
        target: "POST https://pay.example",
        differences: [{ path: "amount", change: "changed", live: 1, shadow: 2 }],
      }),
    ).toEqual(["different http POST https://pay.example", "  amount: 1 → 2"]);
    expect(
      describeEntry({
        class: "added",
        kind: "email",
        target: "a@x",
        shadow: { kind: "email", target: "a@x", detail: { subject: "Hi" } },
        differences: [],
      }),
    ).toEqual(['added email a@x {"subject":"Hi"}']);
  });
});

describe("gates", () => {
  const gates = [
    { id: "approval", passed: false, required: "an approval", actual: "none", message: "Needs sign-off." },
    { id: "max-error-rate", passed: true, required: "≤ 1%", actual: "0%", message: "ok" },
  ];
  it("keeps the failed ones", () => {
    expect(failedGates(gates).map((g) => g.id)).toEqual(["approval"]);
  });
  it("reads the gates of a refused promotion from the error body", () => {
    expect(gatesOfRefusal({ error: { code: "lifecycle/gates-failed", gates } })).toHaveLength(2);
    expect(gatesOfRefusal({})).toEqual([]);
  });
});
