import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openSqliteStore, type RunRow } from "@switchyard/store";
import { afterEach, describe, expect, it } from "vitest";
import { workflowKey } from "../src/breakers/policy.js";
import { Engine } from "../src/engine/engine.js";
import { RecordingTransport } from "../src/effects/transports.js";
import { Lifecycle } from "../src/lifecycle/lifecycle.js";
import { LEAD_ENTITY, testEngine } from "./harness.js";

/** A workflow that calls a CRM API for every lead; the API's health decides each run's fate. */
const sync = (breaker: string, marker = "v1") => `
kind: workflow
id: lead.sync
name: Sync leads to the ERP
owner: ops@acme.example
region: east
entity: lead
triggers:
  - type: event
    event: lead.received
start: push
steps:
  - id: push
    component: core.http
    config:
      method: POST
      url: https://erp.acme.example/leads
      body: "{'name': record.name, 'marker': '${marker}'}"
    next: [{ to: done }]
  - id: done
    component: core.set
    config: { fields: { ok: "true" } }
breaker:
${breaker}
`;

const POLICY = `  errorRate: 0.05
  window: 10m
  minRuns: 5
  notify: [compliance@acme.example]`;

/** An ERP that is up or down, and answers accordingly (a refusal is final, not retried). */
class Erp extends RecordingTransport {
  up = true;
  constructor() {
    super(() =>
      this.up
        ? { ok: true, result: { status: 200, body: { id: "x" } } }
        : { ok: false, error: "HTTP 500 from the ERP", retryable: false },
    );
  }
}

const code = (r: RunRow) => (r.error as { code?: string } | null)?.code;

let env: Awaited<ReturnType<typeof testEngine>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

/** Events one after another, each run to its end before the next arrives. */
async function stream(e: NonNullable<typeof env>, from: number, count: number) {
  for (let i = from; i < from + count; i++)
    await e.send("lead.received", { record: { name: `L${i}` } }, `ev${i}`);
}

describe("circuit breakers", () => {
  it("open when failures pass the rate over the minimum volume, hold every later event, notify and audit", async () => {
    const erp = new Erp();
    env = await testEngine({ "sync.workflow.yaml": sync(POLICY) }, { http: erp });
    await env.store.auth.createUser(
      {
        id: "u1",
        username: "cora.compliance",
        displayName: "Cora",
        passwordHash: "x",
        createdAt: 0,
        disabled: false,
      },
      { tenantId: "acme", roles: ["auditor"], region: null, managerId: null },
    );
    erp.up = false;
    await stream(env, 0, 20);
    const runs = await env.store.listRuns({ tenantId: "acme", limit: 100 });
    expect(runs).toHaveLength(20); // nothing dropped
    expect(runs.filter((r) => r.status === "failed")).toHaveLength(5);
    expect(runs.filter((r) => code(r) === "breaker/held")).toHaveLength(15);
    const breaker = await env.store.governance.getBreaker("acme", workflowKey("lead.sync", 1));
    expect(breaker).toMatchObject({ state: "open" });
    expect(breaker?.reason).toContain("5 of the last 5 runs failed");
    const notified = (await env.store.listNotifications("acme")).map((n) => n.recipient).sort();
    expect(notified).toEqual(["compliance@acme.example", "cora.compliance", "ops@acme.example"]);
    const audit = await env.store.audit.list("acme");
    expect(audit.filter((a) => a.action === "breaker-open")).toHaveLength(1);

    // Closed by hand once the ERP is back: the held runs go on and succeed.
    erp.up = true;
    const lifecycle = new Lifecycle({ engine: env.engine, store: env.store });
    await lifecycle.resetBreaker("acme", workflowKey("lead.sync", 1), "ops.lead");
    await env.engine.drain();
    const after = await env.store.listRuns({ tenantId: "acme", limit: 100 });
    expect(after.filter((r) => r.status === "completed")).toHaveLength(15);
    expect(erp.delivered).toHaveLength(20);
    expect((await env.store.audit.list("acme")).map((a) => a.action)).toContain("breaker-close");
  });

  it("stays closed while failures are rare, and counts only runs inside the window", async () => {
    const erp = new Erp();
    env = await testEngine(
      { "sync.workflow.yaml": sync(POLICY.replace("errorRate: 0.05", "errorRate: 0.25")) },
      { http: erp },
    );
    await stream(env, 0, 12);
    erp.up = false;
    await stream(env, 12, 3); // 3 of 15 = 20%: under 25%
    expect(
      (await env.store.governance.getBreaker("acme", workflowKey("lead.sync", 1)))?.state,
    ).toBeUndefined();
    env.advance(11 * 60_000); // the good runs leave the window
    await stream(env, 15, 2); // 5 bad in window, but only 5 observations... 2 new: 2 of 2 in window
    expect(
      (await env.store.governance.getBreaker("acme", workflowKey("lead.sync", 1)))?.state,
    ).toBeUndefined();
    await stream(env, 17, 3); // 5 of 5 in the window
    expect((await env.store.governance.getBreaker("acme", workflowKey("lead.sync", 1)))?.state).toBe("open");
  });

  it("probes with one held run: success closes the breaker and releases the rest", async () => {
    const erp = new Erp();
    env = await testEngine({ "sync.workflow.yaml": sync(`${POLICY}\n  halfOpenAfter: 5m`) }, { http: erp });
    erp.up = false;
    await stream(env, 0, 10);
    const key = workflowKey("lead.sync", 1);
    expect((await env.store.governance.getBreaker("acme", key))?.state).toBe("open");

    // A probe while the ERP is still down: the breaker opens again, the rest stays held.
    env.advance(5 * 60_000);
    await env.engine.drain();
    expect((await env.store.governance.getBreaker("acme", key))?.state).toBe("open");
    let runs = await env.store.listRuns({ tenantId: "acme", limit: 100 });
    expect(runs.filter((r) => r.status === "failed")).toHaveLength(6);
    expect(runs.filter((r) => code(r) === "breaker/held")).toHaveLength(4);

    // The ERP recovers; the next probe succeeds and everything held completes.
    erp.up = true;
    env.advance(5 * 60_000);
    await env.engine.drain();
    expect((await env.store.governance.getBreaker("acme", key))?.state).toBe("closed");
    runs = await env.store.listRuns({ tenantId: "acme", limit: 100 });
    expect(runs.filter((r) => r.status === "completed")).toHaveLength(4);
    const actions = (await env.store.audit.list("acme")).map((a) => a.action);
    expect(actions.filter((a) => a === "breaker-half-open")).toHaveLength(2);
    expect(actions.at(-1)).toBe("breaker-close");
  });

  it("rolls back by itself when the policy says so, and the held events run on the previous version", async () => {
    // The ERP refuses what version 2 sends, and accepts version 1's calls.
    const erp = new RecordingTransport((item) =>
      JSON.stringify(item.payload).includes('"marker":"v2"')
        ? { ok: false, error: "HTTP 422 from the ERP", retryable: false }
        : { ok: true, result: { status: 200, body: {} } },
    );
    env = await testEngine({ "sync.workflow.yaml": sync(`${POLICY}\n  onOpen: rollback`) }, { http: erp });
    const lifecycle = new Lifecycle({ engine: env.engine, store: env.store });
    await stream(env, 0, 3);
    // Version 2 points at an endpoint that refuses everything.
    const v2 = sync(`${POLICY}\n  onOpen: rollback`, "v2");
    const deployed = await env.engine.deploy(
      "acme",
      [
        { path: "lead.entity.yaml", text: LEAD_ENTITY },
        { path: "sync.workflow.yaml", text: v2 },
      ],
      "zhao",
    );
    expect(deployed.published).toEqual([{ kind: "workflow", id: "lead.sync", version: 2 }]);
    await stream(env, 3, 10);
    expect(env.engine.registry.liveWorkflow("acme", "lead.sync")?.version).toBe(1);
    const runs = await env.store.listRuns({ tenantId: "acme", limit: 100 });
    const completed = runs.filter((r) => r.status === "completed");
    // 3 before; 5 failed on version 2 and tripped the breaker; the next 5 ran on version 1.
    expect(completed).toHaveLength(8);
    expect(completed.filter((r) => r.version === 1)).toHaveLength(8);
    expect(runs.filter((r) => r.status === "failed" && r.version === 2)).toHaveLength(5);
    const rollback = (await env.store.audit.list("acme")).find((a) => a.action === "rollback");
    expect(rollback).toMatchObject({ actor: "breaker", version: 1, detail: { from: 2 } });
    void lifecycle;
  });

  it("holds events durably: a restart keeps the breaker open and the runs held", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "switchyard-breaker-")), "store.db");
    const erp = new Erp();
    erp.up = false;
    const open = async () => {
      const store = openSqliteStore(file);
      const engine = new Engine({
        store,
        clock: () => Date.parse("2026-11-23T09:00:00Z"),
        transports: { email: new RecordingTransport(), http: erp },
      });
      return { store, engine };
    };
    const first = await open();
    const ok = await first.engine.deploy(
      "acme",
      [
        { path: "lead.entity.yaml", text: LEAD_ENTITY },
        { path: "s.workflow.yaml", text: sync(POLICY) },
      ],
      "t",
    );
    expect(ok.ok).toBe(true);
    for (let i = 0; i < 8; i++)
      await first.engine.ingest({
        tenantId: "acme",
        type: "lead.received",
        payload: { record: { name: `L${i}` } },
      });
    await first.engine.drain();
    await first.engine.close();
    await first.store.close();

    const second = await open();
    await second.engine.load(await second.store.listTenants());
    for (let i = 8; i < 12; i++)
      await second.engine.ingest({
        tenantId: "acme",
        type: "lead.received",
        payload: { record: { name: `L${i}` } },
      });
    await second.engine.drain();
    const runs = await second.store.listRuns({ tenantId: "acme", limit: 100 });
    expect(runs).toHaveLength(12);
    expect(runs.filter((r) => code(r) === "breaker/held")).toHaveLength(7);
    await second.engine.close();
    await second.store.close();
  });
});

describe("component breakers", () => {
  const component = `
kind: component
id: acme.enrich
version: 1.0.0
name: Enrich
owner: data@acme.example
category: data
config: { type: object }
input: { type: object, properties: { name: { type: string } } }
output: { type: object, properties: { size: { type: number } } }
effects: [none]
capabilities: []
implementation:
  type: script
  language: javascript
  limits: { memoryMiB: 16, timeoutMs: 200 }
  source: |
    export function run(input) {
      if (input.name.startsWith("bad")) throw new Error("cannot enrich " + input.name);
      return { size: input.name.length };
    }
`;
  const user = (id: string) => `
kind: workflow
id: ${id}
name: ${id}
owner: ${id}@acme.example
region: east
entity: lead
triggers: [{ type: event, event: lead.received }]
start: enrich
steps:
  - id: enrich
    component: acme.enrich@^1
    inputs: { name: record.name }
    next: [{ to: done }]
  - id: done
    component: core.set
    config: { fields: { ok: "true" } }
`;

  it("opens when the component fails too often and holds every workflow's steps that use it", async () => {
    env = await testEngine({
      "enrich.component.yaml": component,
      "a.workflow.yaml": user("wf.a"),
      "b.workflow.yaml": user("wf.b"),
    });
    for (let i = 0; i < 10; i++) await env.send("lead.received", { record: { name: `bad${i}` } });
    // Each event ran in both workflows: 20 step failures of the component, the default minimum volume.
    const key = "component:acme.enrich@1.0.0";
    expect((await env.store.governance.getBreaker("acme", key))?.state).toBe("open");
    await env.send("lead.received", { record: { name: "good" } });
    const runs = await env.store.listRuns({ tenantId: "acme", limit: 100 });
    const held = runs.filter((r) => code(r) === "breaker/component-held");
    expect(held.map((r) => r.workflowId).sort()).toEqual(["wf.a", "wf.b"]);

    const lifecycle = new Lifecycle({ engine: env.engine, store: env.store });
    await lifecycle.resetBreaker("acme", key, "it.admin");
    await env.engine.drain();
    const after = await env.store.listRuns({ tenantId: "acme", limit: 100 });
    expect(
      after
        .filter((r) => r.status === "completed")
        .map((r) => r.workflowId)
        .sort(),
    ).toEqual(["wf.a", "wf.b"]);
  });
});
