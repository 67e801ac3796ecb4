import { readFileSync } from "node:fs";
import path from "node:path";
import type { Component } from "@switchyard/definitions";
import { parseSource } from "@switchyard/definitions";
import { type OutboxItem, type Store } from "@switchyard/store";
import { afterEach, describe, expect, it } from "vitest";
import { workflowKey } from "../src/breakers/policy.js";
import { Engine } from "../src/engine/engine.js";
import { RecordingTransport } from "../src/effects/transports.js";
import { Lifecycle, LifecycleError } from "../src/lifecycle/lifecycle.js";
import { formatShadowReport } from "../src/shadow/index.js";
import { openTestStore } from "./test-store.js";

// Scenario 8 (SCENARIOS.md): a regional manager "harmonises" the distributor rebate rates to 5%
// for every tier. In shadow, the report shows the wrong payouts and the gates refuse promotion;
// forced live, the breaker trips within a small, bounded share of the month-end batch, holds the
// rest, and after rollback every statement is paid once, at the right amount.

const TENANT = "acme";
const WORKFLOW = "rebate.monthly-payout";
const EXAMPLE = path.resolve(import.meta.dirname, "../../../examples/rebate-guard");
const HOUR = 3_600_000;
const RATES = { silver: 0.02, gold: 0.035, platinum: 0.05 } as const;
const TIERS = ["silver", "gold", "platinum"] as const;
const BATCH = 300;

const read = (file: string) => ({ path: file, text: readFileSync(path.join(EXAMPLE, file), "utf8") });
const GOOD = read("monthly-payout.workflow.yaml");
const BAD = {
  path: GOOD.path,
  text: GOOD.text.replace(
    "rates: { silver: 0.02, gold: 0.035, platinum: 0.05 }",
    "rates: { silver: 0.05, gold: 0.05, platinum: 0.05 }",
  ),
};

interface Statement {
  id: string;
  distributor_code: string;
  distributor_name: string;
  period: string;
  tier: (typeof TIERS)[number];
  net_sales: number;
  returns: number;
  channel_manager: string;
}

const statements = (period: string, count: number): Statement[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `st-${period}-${i}`,
    distributor_code: `D${String(10000 + i)}`,
    distributor_name: `Distributor ${i}`,
    period,
    tier: TIERS[i % 3] ?? "silver",
    net_sales: 20_000 + ((i * 7919) % 400_000),
    returns: (i * 131) % 5_000,
    channel_manager: "li.wei@acme.example",
  }));

const rebateOf = (s: Statement, rate: number) =>
  Math.max(0, Math.round((s.net_sales - 0.5 * s.returns) * rate * 100) / 100);

/** The payment gateway: pays once per idempotency key, as a real gateway with idempotency does. */
class PaymentGateway extends RecordingTransport {
  readonly paid = new Map<string, { amount: number; times: number }>();
  constructor() {
    super((item) => {
      const { key, amount } = payment(item);
      const entry = this.paid.get(key);
      if (entry) entry.times += 1;
      else this.paid.set(key, { amount, times: 1 });
      return { ok: true, result: { status: 200, body: { payout_id: `P-${key}` } } };
    });
  }
}

function payment(item: OutboxItem): { key: string; amount: number } {
  const payload = item.payload as { headers?: Record<string, string>; body?: { amount?: number } };
  return {
    key: payload.headers?.["Idempotency-Key"] ?? item.idempotencyKey,
    amount: payload.body?.amount ?? NaN,
  };
}

let store: Store | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  await store?.close();
  engine = undefined;
  store = undefined;
});

async function setUp() {
  let now = Date.UTC(2026, 10, 30, 18);
  store = await openTestStore();
  const gateway = new PaymentGateway();
  engine = new Engine({
    store,
    clock: () => now,
    enforceWhitelist: true,
    transports: { email: new RecordingTransport(), http: gateway },
  });
  const lifecycle = new Lifecycle({ engine, store, clock: () => now, drive: "drain" });
  await lifecycle.whitelistBuiltins(TENANT, "ivy.it");
  const component = parseSource(read("distributor-rebate.component.yaml").text, "c.yaml").document
    ?.value as Component;
  await lifecycle.whitelistAdd(
    TENANT,
    {
      componentId: component.id,
      version: component.version,
      owner: "finance.channel@acme.example",
      component,
    },
    "ivy.it",
  );
  // The good version has been live for months: deployed directly as the starting point.
  const deployed = await engine.deploy(
    TENANT,
    [read("statement.entity.yaml"), read("distributor-rebate.component.yaml"), GOOD],
    "finance.channel",
  );
  expect(deployed.ok).toBe(true);
  const s = store;
  const e = engine;
  const close = async (batch: Statement[]) => {
    for (const st of batch) {
      const { id, ...data } = st;
      await s.writeRecord(
        TENANT,
        {
          entity: "rebate.statement",
          id,
          op: "create",
          data: { ...data, status: "closed" },
          writeKey: `seed:${id}`,
          indexed: {},
        },
        "erp",
      );
      await e.ingest({
        tenantId: TENANT,
        type: "distributor.statement-closed",
        payload: { recordId: id },
        id: `ev-${id}`,
      });
    }
    await e.drain();
  };
  return { lifecycle, gateway, close, advance: (ms: number) => (now += ms), store: s, engine: e };
}

describe("scenario 8: the rebate formula incident", () => {
  it("in shadow, the report shows the wrong payouts and the gates refuse promotion", async () => {
    const { lifecycle, gateway, close, advance } = await setUp();
    const published = await lifecycle.publish(TENANT, [BAD], "zhao.east");
    expect(published.ok).toBe(true);
    expect(published.ok && published.published).toEqual([
      { kind: "workflow", id: WORKFLOW, version: 2, status: "shadow" },
    ]);

    const batch = statements("2026-10", BATCH);
    await close(batch);
    // Live (version 1) paid everyone correctly; the shadow paid nobody.
    expect(gateway.paid.size).toBe(BATCH);
    for (const s of batch)
      expect(gateway.paid.get(`rebate-${s.distributor_code}-${s.period}`)).toEqual({
        amount: rebateOf(s, RATES[s.tier]),
        times: 1,
      });

    const status = await lifecycle.shadowStatus(TENANT, WORKFLOW);
    const silverAndGold = batch.filter((s) => s.tier !== "platinum");
    expect(status.report.totals.events).toBe(BATCH);
    expect(status.report.totals.anomalies).toBe(silverAndGold.length);
    expect(status.report.totals.withDifferences).toBe(silverAndGold.length);
    expect(status.report.totals.identical).toBe(BATCH - silverAndGold.length);
    // The report names the payout that would have been wrong, live amount against shadow amount.
    const first = silverAndGold[0] as Statement;
    const event = status.report.events.find((e) => e.eventId === `ev-${first.id}`);
    const http = event?.effects?.entries.find((x) => x.kind === "http");
    expect(http?.class).toBe("different");
    expect(http?.differences).toContainEqual(
      expect.objectContaining({ live: rebateOf(first, RATES.silver), shadow: rebateOf(first, 0.05) }),
    );
    expect(formatShadowReport(status.report)).toContain(String(rebateOf(first, 0.05)));

    // Sign-off and 72 hours do not help: the anomaly rate fails its gate.
    await lifecycle.approve(TENANT, WORKFLOW, 2, "finance.controller", "approved", "looks fine to me");
    advance(73 * HOUR);
    const gated = await lifecycle.shadowStatus(TENANT, WORKFLOW);
    expect(gated.gates.filter((g) => !g.passed).map((g) => g.id)).toEqual(["max-error-rate"]);
    const refused = await lifecycle.promote(TENANT, WORKFLOW, "zhao.east").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LifecycleError);
    expect((refused as LifecycleError).code).toBe("lifecycle/gates-failed");
    expect(engine?.registry.liveWorkflow(TENANT, WORKFLOW)?.version).toBe(1);
  }, 120_000);

  it("forced live, the breaker trips early, holds the rest, and rollback pays everyone once", async () => {
    const { lifecycle, gateway, close, store: s, engine: e } = await setUp();
    await close(statements("2026-09", 30)); // a quiet month on the good version
    const quiet = gateway.paid.size;
    expect(quiet).toBe(30);

    const published = await lifecycle.publish(TENANT, [BAD], "zhao.east");
    expect(published.ok).toBe(true);
    const forced = await lifecycle.promote(TENANT, WORKFLOW, "zhao.east", {
      force: { reason: "regional director insists on harmonised rates" },
    });
    expect(forced).toMatchObject({ version: 2, previous: 1, forced: true });

    const batch = statements("2026-10", BATCH);
    await close(batch);
    const breaker = await s.governance.getBreaker(TENANT, workflowKey(WORKFLOW, 2));
    expect(breaker?.state).toBe("open");

    // Nothing wrong was paid: every payout of the batch so far has the contractual amount.
    const byKey = new Map(batch.map((st) => [`rebate-${st.distributor_code}-${st.period}`, st]));
    const paidInBatch = [...gateway.paid].filter(([key]) => byKey.has(key));
    for (const [key, p] of paidInBatch) {
      const st = byKey.get(key) as Statement;
      expect(p.amount).toBe(rebateOf(st, RATES[st.tier]));
    }
    // Bounded share: the version ran at most minRuns (20) anomalous runs plus the few runs in
    // flight beside them before the breaker held everything else.
    const v2Runs = await s.listRuns({
      tenantId: TENANT,
      workflowId: WORKFLOW,
      mode: "live",
      version: 2,
      limit: 10_000,
    });
    const touched = [];
    for (const run of v2Runs) if ((await s.stepExecutions(run.id)).length > 0) touched.push(run);
    // Measured: 29 of 300 runs (9.7%) took any step on the bad version — 20 held as anomalies
    // before paying, 9 platinum runs (whose rate the edit did not change) paid correctly.
    expect(touched.length).toBe(29);
    const held = v2Runs.filter((r) => (r.error as { code?: string } | null)?.code === "breaker/held");
    const anomalous = v2Runs.filter((r) => (r.error as { code?: string } | null)?.code === "breaker/anomaly");
    expect(anomalous.length).toBe(20);
    expect(held.length).toBe(BATCH - 20);

    // The owner, the policy's recipients (compliance) were told; the trip is in the audit chain.
    const notices = await s.listNotifications(TENANT);
    const paused = notices.filter((n) => n.title.startsWith("Paused:"));
    expect(paused.map((n) => n.recipient).sort()).toEqual([
      "compliance@acme.example",
      "finance.channel@acme.example",
    ]);
    const audit = await s.audit.list(TENANT);
    expect(audit.map((a) => a.action)).toContain("breaker-open");
    expect(audit.find((a) => a.action === "promote")?.detail).toMatchObject({
      forced: { reason: "regional director insists on harmonised rates" },
    });

    // Roll back: held and anomalous runs that had no effect run again on version 1.
    const rolled = await lifecycle.rollback(TENANT, WORKFLOW, "finance.channel", { reason: "wrong rates" });
    expect(rolled.from).toBe(2);
    expect(rolled.to).toBe(1);
    expect(rolled.restarted + rolled.needsReview.length).toBe(held.length + anomalous.length);
    expect(rolled.needsReview.length).toBe(9);
    await e.drain();
    // Runs that had already paid (correctly: platinum is unchanged) wait for a person, who
    // reviews and lets them finish on the version they started on.
    for (const id of rolled.needsReview) {
      const run = await s.getRun(id);
      const executions = await s.stepExecutions(id);
      expect(run?.status).toBe("paused");
      expect(executions.some((x) => x.stepId === "pay")).toBe(true);
    }
    expect(
      await lifecycle.resumeRuns(TENANT, rolled.needsReview, "finance.controller", "amounts checked"),
    ).toBe(rolled.needsReview.length);
    const unfinished = await s.listRuns({
      tenantId: TENANT,
      workflowId: WORKFLOW,
      mode: "live",
      status: "paused",
    });
    expect(unfinished).toEqual([]);

    // Nothing lost, nothing paid twice, nothing paid wrong.
    for (const st of batch) {
      const p = gateway.paid.get(`rebate-${st.distributor_code}-${st.period}`);
      expect(p, st.id).toEqual({ amount: rebateOf(st, RATES[st.tier]), times: 1 });
    }
    expect(gateway.paid.size).toBe(quiet + BATCH);
    expect(await s.audit.verify(TENANT)).toMatchObject({ ok: true });
  }, 120_000);
});
