import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EffectSummary } from "../effects/staged.js";
import { compareEffects, effectsOf } from "./compare-effects.js";
import { normaliseIds } from "./normalise.js";

const LIVE_RUN = "run_0123456789abcdef01234567";
const SHADOW_RUN = "run_fedcba9876543210fedcba98";
const http = (amount: number, url = "https://pay.example/payouts"): EffectSummary => ({
  kind: "http",
  target: `POST ${url}`,
  detail: { amount, currency: "EUR" },
});
const email = (subject: string, body?: string): EffectSummary => ({
  kind: "email",
  target: "ann@example.com",
  detail: body === undefined ? { subject } : { subject, body },
});

describe("compareEffects", () => {
  it("matches effects with the same kind, target and detail", () => {
    const result = compareEffects([http(1200)], [http(1200)]);
    expect(result.entries.map((e) => [e.class, e.liveIndex, e.shadowIndex])).toEqual([["matched", 0, 0]]);
    expect(result.counts).toEqual({ matched: 1, different: 0, added: 0, missing: 0 });
  });

  it("lists field by field what differs for the same kind and target", () => {
    const result = compareEffects([http(1200)], [http(3000)]);
    expect(result.entries).toHaveLength(1);
    expect(result.entries[0]?.class).toBe("different");
    expect(result.entries[0]?.differences).toEqual([
      { path: "amount", change: "changed", live: 1200, shadow: 3000 },
    ]);
  });

  it("reports fields only one side has, in nested objects and lists", () => {
    const live: EffectSummary = { kind: "http", target: "POST /x", detail: { a: { b: 1 }, items: [1, 2] } };
    const shadow: EffectSummary = { kind: "http", target: "POST /x", detail: { a: { c: 2 }, items: [1] } };
    expect(compareEffects([live], [shadow]).entries[0]?.differences).toEqual([
      { path: "a.b", change: "removed", live: 1 },
      { path: "a.c", change: "added", shadow: 2 },
      { path: "items[1]", change: "removed", live: 2 },
    ]);
  });

  it("classifies shadow-only effects as added and live-only effects as missing", () => {
    const result = compareEffects([http(1, "https://a.example")], [email("Welcome")]);
    expect(result.entries.map((e) => [e.class, e.kind])).toEqual([
      ["added", "email"],
      ["missing", "http"],
    ]);
    expect(result.counts).toEqual({ matched: 0, different: 0, added: 1, missing: 1 });
  });

  it("places added effects where the shadow ledger has them", () => {
    const a = http(1, "https://a.example");
    const b = http(2, "https://b.example");
    const result = compareEffects([a, b], [a, email("Hi"), b]);
    expect(result.entries.map((e) => `${e.class}:${e.kind}`)).toEqual([
      "matched:http",
      "added:email",
      "matched:http",
    ]);
  });

  it("pairs equal details first, so a dropped duplicate shows as missing, not as a change", () => {
    const result = compareEffects([http(100), http(200)], [http(200)]);
    expect(result.entries.map((e) => [e.class, (e.live?.detail as { amount: number }).amount])).toEqual([
      ["missing", 100],
      ["matched", 200],
    ]);
  });

  it("pairs records both sides created with generated ids by position and ignores the ids", () => {
    const live: EffectSummary[] = [
      { kind: "record-create", target: "task/task_aaaaaaaaaaaaaaaaaaaaaaaa", detail: { title: "Call" } },
      { kind: "record-create", target: "task/task_bbbbbbbbbbbbbbbbbbbbbbbb", detail: { title: "Mail" } },
    ];
    const shadow: EffectSummary[] = [
      { kind: "record-create", target: `task/shadow_${SHADOW_RUN}:t1.2:create:1`, detail: { title: "Call" } },
      { kind: "record-create", target: `task/shadow_${SHADOW_RUN}:t1.2:create:2`, detail: { title: "Fax" } },
    ];
    const result = compareEffects(live, shadow);
    expect(result.entries.map((e) => [e.class, e.target])).toEqual([
      ["matched", "task/<generated-id>"],
      ["different", "task/<generated-id>"],
    ]);
    expect(result.entries[1]?.differences).toEqual([
      { path: "title", change: "changed", live: "Mail", shadow: "Fax" },
    ]);
  });

  it("ignores generated record, outbox and run ids inside details", () => {
    const live: EffectSummary = {
      kind: "http",
      target: "POST https://erp.example/orders",
      detail: { order: "order_cccccccccccccccccccccccc", ref: `ob_dddddddddddddddddddddddd ${LIVE_RUN}` },
    };
    const shadow: EffectSummary = {
      kind: "http",
      target: "POST https://erp.example/orders",
      detail: {
        order: `shadow_${SHADOW_RUN}:t2x.4:create:1`,
        ref: `shadow:${SHADOW_RUN}:t1.3:http:1 ${SHADOW_RUN}`,
      },
    };
    expect(compareEffects([live], [shadow]).entries.map((e) => e.class)).toEqual(["matched"]);
  });

  it("does not treat ordinary ids as generated", () => {
    expect(normaliseIds("lead/L-1042")).toBe("lead/L-1042");
    expect(normaliseIds("lead/lead_0123")).toBe("lead/lead_0123");
  });

  it("compares e-mails on the fields both gateways record (live keeps no body)", () => {
    expect(compareEffects([email("Welcome")], [email("Welcome", "Dear Ann")]).entries[0]?.class).toBe(
      "matched",
    );
    expect(compareEffects([email("Welcome")], [email("Hello", "Dear Ann")]).entries[0]?.differences).toEqual([
      { path: "subject", change: "changed", live: "Welcome", shadow: "Hello" },
    ]);
  });

  it("accepts timestamps a few seconds apart but not a changed due date", () => {
    const update = (dueAt: string): EffectSummary => ({
      kind: "record-update",
      target: "lead/L1",
      detail: { dueAt },
    });
    const near = compareEffects([update("2024-05-01T10:00:00.000Z")], [update("2024-05-01T10:00:02.500Z")]);
    expect(near.entries[0]?.class).toBe("matched");
    const far = compareEffects([update("2024-05-01T10:00:00.000Z")], [update("2024-05-03T10:00:00.000Z")]);
    expect(far.entries[0]?.class).toBe("different");
    const exact = compareEffects([update("2024-05-01T10:00:00.000Z")], [update("2024-05-01T10:00:02.500Z")], {
      timeToleranceMs: 0,
    });
    expect(exact.entries[0]?.class).toBe("different");
  });

  it("compares money exactly", () => {
    expect(compareEffects([http(1200)], [http(1200.01)]).entries[0]?.differences).toEqual([
      { path: "amount", change: "changed", live: 1200, shadow: 1200.01 },
    ]);
  });

  it("is deterministic for the same input", () => {
    const live = [http(1), email("A"), http(2, "https://b.example")];
    const shadow = [email("B"), http(3), http(2, "https://c.example")];
    expect(compareEffects(live, shadow)).toEqual(compareEffects(live, shadow));
    expect(compareEffects(live, shadow).entries.map((e) => e.class)).toEqual([
      "different",
      "different",
      "added",
      "missing",
    ]);
  });
});

describe("compareEffects (properties)", () => {
  const effect = fc.record({
    kind: fc.constantFrom("record-create", "record-update", "email", "http", "notification" as const),
    target: fc.constantFrom("lead/L1", "POST https://a.example", "ann@example.com"),
    detail: fc.oneof(fc.constant(null), fc.record({ amount: fc.integer({ min: 0, max: 3 }) })),
  }) as fc.Arbitrary<EffectSummary>;

  it("matches every effect of a ledger compared with itself", () => {
    fc.assert(
      fc.property(fc.array(effect, { maxLength: 8 }), (ledger) => {
        const { counts } = compareEffects(ledger, ledger);
        expect(counts).toEqual({ matched: ledger.length, different: 0, added: 0, missing: 0 });
      }),
    );
  });

  it("accounts for every live and every shadow effect exactly once", () => {
    fc.assert(
      fc.property(fc.array(effect, { maxLength: 8 }), fc.array(effect, { maxLength: 8 }), (live, shadow) => {
        const { entries, counts } = compareEffects(live, shadow);
        expect(counts.matched + counts.different + counts.missing).toBe(live.length);
        expect(counts.matched + counts.different + counts.added).toBe(shadow.length);
        expect(entries.flatMap((e) => (e.liveIndex === undefined ? [] : [e.liveIndex]))).toEqual(
          live.map((_, i) => i),
        );
      }),
    );
  });
});

describe("effectsOf", () => {
  it("reads an execution's effect ledger and skips what is not an effect", () => {
    expect(effectsOf({ effects: null })).toEqual([]);
    expect(effectsOf({ effects: [http(1), { kind: "teleport", target: "x" }, "junk"] })).toEqual([http(1)]);
  });
});
