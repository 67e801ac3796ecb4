import { afterEach, describe, expect, it } from "vitest";
import { RecordingTransport } from "../src/effects/transports.js";
import { Engine } from "../src/engine/engine.js";
import { LEAD_ENTITY, testEngine } from "./harness.js";

const header = (id: string, start: string, trigger = "lead.received") => `
kind: workflow
id: ${id}
name: ${id}
owner: ops@acme.example
region: east
entity: lead
triggers:
  - type: event
    event: ${trigger}
start: ${start}
steps:`;

let env: Awaited<ReturnType<typeof testEngine>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe("engine", () => {
  it("runs a five-step workflow: choice, set fields, record write, notification, e-mail", async () => {
    env = await testEngine({
      "route.workflow.yaml": `${header("route", "check")}
  - id: check
    component: core.switch
    next:
      - { to: big, when: "record.amount > 1000.0" }
      - { to: small }
  - id: big
    component: core.set
    config: { fields: { tier: "'key account'", doubled: "record.employees * 2" } }
    next: [{ to: save }]
  - id: small
    component: core.set
    config: { fields: { tier: "'standard'", doubled: "0" } }
    next: [{ to: save }]
  - id: save
    component: core.create-record
    config: { entity: lead, values: { name: "record.name", status: "vars.label", amount: "record.amount" } }
    next: [{ to: tell }]
  - id: tell
    component: core.notify
    config: { to: "'owner@acme.example'", title: "New {{ steps.big.output.tier }} lead {{ record.name }}" }
    next: [{ to: mail }]
  - id: mail
    component: core.send-email
    config: { to: "'sales@acme.example'", subject: "Lead {{ record.name }}", body: "Employees x2: {{ steps.big.output.doubled }}" }
vars:
  label: "'qualified'"
`.replace("vars:\n  label", "vars:\n  label"),
    });
    await env.send("lead.received", { name: "Acme", amount: 5000.5, employees: 40 });
    const [run] = await env.runs();
    expect(run?.status).toBe("completed");
    const timeline = await env.store.stepExecutions(run?.id ?? "");
    expect(timeline.map((s) => s.stepId)).toEqual(["check", "big", "save", "tell", "mail"]);
    expect(timeline[0]?.explanation).toMatchObject({ route: { taken: ["big"] } });
    expect(timeline[1]?.output).toEqual({ tier: "key account", doubled: 80 });
    const notifications = await env.store.listNotifications("acme");
    expect(notifications.map((n) => n.title)).toEqual(["New key account lead Acme"]);
    expect(env.email.delivered.map((m) => (m.payload as { body: string }).body)).toEqual([
      "Employees x2: 80",
    ]);
    const saved = await env.store.findRecords("acme", "lead", { name: "Acme" }, 5);
    expect(saved[0]?.data).toEqual({ name: "Acme", status: "qualified", amount: 5000.5 });
  });

  it("ignores a repeated delivery of the same event", async () => {
    env = await testEngine({
      "a.workflow.yaml": `${header("a", "s")}\n  - id: s\n    component: core.set\n    config: { fields: { x: "1" } }\n`,
    });
    expect((await env.send("lead.received", { name: "A" }, "k-1")).accepted).toBe(true);
    expect((await env.send("lead.received", { name: "A" }, "k-1")).accepted).toBe(false);
    expect(await env.runs()).toHaveLength(1);
  });

  it("splits in parallel and joins once all branches arrive", async () => {
    env = await testEngine({
      "p.workflow.yaml": `${header("p", "fork")}
  - id: fork
    component: core.parallel
    next: [{ to: a }, { to: b }, { to: c, when: "record.amount > 1.0" }]
  - id: a
    component: core.set
    config: { fields: { v: "'a'" } }
    next: [{ to: merge }]
  - id: b
    component: core.set
    config: { fields: { v: "'b'" } }
    next: [{ to: merge }]
  - id: c
    component: core.set
    config: { fields: { v: "'c'" } }
    next: [{ to: merge }]
  - id: merge
    component: core.join
    next: [{ to: after }]
  - id: after
    component: core.set
    config: { fields: { seen: "[steps.a.output.v, steps.b.output.v]" } }
`,
    });
    await env.send("lead.received", { name: "A", amount: 0.5 });
    const [run] = await env.runs();
    expect(run?.status).toBe("completed");
    const timeline = await env.store.stepExecutions(run?.id ?? "");
    expect(timeline.filter((s) => s.stepId === "after")).toHaveLength(1);
    expect(timeline.some((s) => s.stepId === "c")).toBe(false);
    expect(timeline.find((s) => s.stepId === "after")?.output).toEqual({ seen: ["a", "b"] });
  });

  it("runs a for-each body once per item and collects the results", async () => {
    env = await testEngine({
      "f.workflow.yaml": `${header("f", "each")}
  - id: each
    component: core.for-each
    config: { items: "record.tags", as: tag }
    body:
      start: shout
      steps:
        - id: shout
          component: core.set
          config: { fields: { loud: "tag.upperAscii()" } }
    next: [{ to: done }]
  - id: done
    component: core.set
    config: { fields: { n: "steps.each.output.count" } }
`,
    });
    await env.send("lead.received", { name: "A", tags: ["vip", "east", "new"] });
    const [run] = await env.runs();
    expect(run?.status).toBe("completed");
    const timeline = await env.store.stepExecutions(run?.id ?? "");
    expect(timeline.filter((s) => s.stepId === "shout").map((s) => s.output)).toEqual([
      { loud: "VIP" },
      { loud: "EAST" },
      { loud: "NEW" },
    ]);
    expect(timeline.find((s) => s.stepId === "done")?.output).toEqual({ n: 3 });
  });

  it("waits for a timer, then for an event, durably", async () => {
    env = await testEngine({
      "w.workflow.yaml": `${header("w", "pause")}
  - id: pause
    component: core.wait
    config: { duration: 2h }
    next: [{ to: hear }]
  - id: hear
    component: core.wait
    config: { event: lead.replied, match: "incoming.payload.name == 'A'", timeout: 1d }
    next: [{ to: done }]
  - id: done
    component: core.set
    config: { fields: { timedOut: "steps.hear.output.timedOut" } }
`,
    });
    await env.send("lead.received", { name: "A" });
    expect((await env.runs())[0]?.status).toBe("waiting");
    env.advance(2 * 3600_000 + 1);
    await env.engine.drain();
    expect((await env.runs())[0]?.status).toBe("waiting");
    await env.send("lead.replied", { name: "B" });
    expect((await env.runs()).find((r) => r.workflowId === "w")?.status).toBe("waiting");
    await env.send("lead.replied", { name: "A" });
    const run = (await env.runs()).find((r) => r.workflowId === "w");
    expect(run?.status).toBe("completed");
    const done = (await env.store.stepExecutions(run?.id ?? "")).find((s) => s.stepId === "done");
    expect(done?.output).toEqual({ timedOut: false });
  });

  it("waits for a human approval and continues with its answer", async () => {
    env = await testEngine({
      "h.workflow.yaml": `${header("h", "ask")}
  - id: ask
    component: core.approval
    config: { title: "Approve {{ record.name }}", approvers: "['boss@acme.example']" }
    next:
      - { to: yes, when: "output.approved" }
      - { to: no }
  - id: yes
    component: core.set
    config: { fields: { r: "'approved'" } }
  - id: no
    component: core.set
    config: { fields: { r: "'rejected'" } }
`,
    });
    await env.send("lead.received", { name: "Acme" });
    const [task] = await env.store.listTasks("acme", "open");
    expect(task?.title).toBe("Approve Acme");
    await env.engine.completeTask(task?.id ?? "", { approved: true, comment: "ok" }, "boss@acme.example");
    await env.engine.drain();
    const run = (await env.runs())[0];
    expect(run?.status).toBe("completed");
    expect((await env.store.stepExecutions(run?.id ?? "")).map((s) => s.stepId)).toEqual([
      "ask",
      "ask",
      "yes",
    ]);
  });

  it("calls a sub-workflow and waits for its result", async () => {
    env = await testEngine({
      "parent.workflow.yaml": `${header("parent", "call")}
  - id: call
    component: core.sub-workflow
    config: { workflow: child, inputs: { n: "record.name" } }
    next: [{ to: done }]
  - id: done
    component: core.set
    config: { fields: { got: "steps.call.output.output.greeting" } }
`,
      "child.workflow.yaml": `${header("child", "greet", "never.happens")}
  - id: greet
    component: core.set
    config: { fields: { greeting: "'hello ' + string(event.payload.n)" } }
`.replace("entity: lead\n", ""),
    });
    await env.send("lead.received", { name: "Acme" });
    const parent = (await env.runs()).find((r) => r.workflowId === "parent");
    expect(parent?.status).toBe("completed");
    const done = (await env.store.stepExecutions(parent?.id ?? "")).find((s) => s.stepId === "done");
    expect(done?.output).toEqual({ got: "hello Acme" });
  });

  it("retries a failing call with back-off, without repeating the effect, then takes the fallback", async () => {
    const http = new RecordingTransport(() => ({
      ok: false,
      error: "HTTP 503",
      retryable: true,
      result: { status: 503, body: null },
    }));
    env = await testEngine(
      {
        "r.workflow.yaml": `${header("r", "call")}
  - id: call
    component: core.http
    config: { url: "https://erp.example.com/orders", body: "{'name': record.name}" }
    onError:
      retry: { maxAttempts: 2, initialDelay: 1m }
      fallback: manual
  - id: manual
    component: core.notify
    config: { to: "'ops@acme.example'", title: "ERP down for {{ record.name }}" }
`,
      },
      { http },
    );
    await env.send("lead.received", { name: "Acme" });
    for (let i = 0; i < 12; i++) {
      env.advance(10 * 60_000);
      await env.engine.drain();
    }
    const run = (await env.runs())[0];
    expect(run?.status).toBe("completed");
    const outbox = await env.store.listOutbox("acme");
    expect(outbox).toHaveLength(2);
    expect(new Set(outbox.map((o) => o.idempotencyKey)).size).toBe(2);
    expect((await env.store.listNotifications("acme")).map((n) => n.title)).toEqual(["ERP down for Acme"]);
  });

  it("fails a run whose conditions leave no way on, with an actionable error", async () => {
    env = await testEngine({
      "n.workflow.yaml": `${header("n", "check")}
  - id: check
    component: core.switch
    next: [{ to: big, when: "record.amount > 10.0" }]
  - id: big
    component: core.set
    config: { fields: { x: "1" } }
`,
    });
    await env.send("lead.received", { name: "A", amount: 1.0 });
    const run = (await env.runs())[0];
    expect(run?.status).toBe("failed");
    expect(run?.error).toMatchObject({ code: "route/no-match" });
  });
});

describe("schedules", () => {
  it("fires the latest due occurrence once, however often the engine ticks or restarts", async () => {
    env = await testEngine({
      "s.workflow.yaml": `
kind: workflow
id: digest
name: Daily digest
owner: ops@acme.example
region: east
triggers:
  - { type: schedule, cron: "0 8 * * *", timezone: Asia/Shanghai }
start: note
steps:
  - id: note
    component: core.set
    config: { fields: { at: "event.payload.scheduledFor" } }
`,
    });
    await env.engine.drain();
    await env.engine.drain();
    const first = await env.runs();
    expect(first).toHaveLength(1);
    expect((await env.store.stepExecutions(first[0]?.id ?? ""))[0]?.output).toEqual({
      at: "2026-11-23T00:00:00.000Z",
    });
    env.advance(24 * 3600_000);
    await env.engine.drain();
    expect(await env.runs()).toHaveLength(2);
  });
});

describe("custom script components", () => {
  it("run in the sandbox with the step's inputs and feed later steps", async () => {
    env = await testEngine({
      "rebate.component.yaml": `
kind: component
id: acme.rebate
version: 1.0.0
name: Rebate
owner: finance@acme.example
input: { type: object, properties: { amount: { type: number } } }
output: { type: object, properties: { rebate: { type: number } }, required: [rebate] }
effects: [none]
capabilities: [log]
implementation:
  type: script
  language: javascript
  source: |
    export function run(input) {
      console.log("computing", input.amount);
      return { rebate: Math.round(input.amount * 0.03 * 100) / 100 };
    }
`,
      "r.workflow.yaml": `${header("r", "calc")}
  - id: calc
    component: acme.rebate@^1
    inputs: { amount: "record.amount" }
    next:
      - { to: big, when: "output.rebate > 100.0" }
      - { to: small }
  - id: big
    component: core.set
    config: { fields: { r: "steps.calc.output.rebate" } }
  - id: small
    component: core.set
    config: { fields: { r: "0.0" } }
`,
    });
    await env.send("lead.received", { name: "A", amount: 10000.0 });
    const run = (await env.runs())[0];
    expect(run?.status).toBe("completed");
    const timeline = await env.store.stepExecutions(run?.id ?? "");
    expect(timeline.map((s) => [s.stepId, s.output])).toEqual([
      ["calc", { rebate: 300 }],
      ["big", { r: 300 }],
    ]);
  });

  it("fail the step with the sandbox's error when the script loops forever", async () => {
    env = await testEngine({
      "loop.component.yaml": `
kind: component
id: acme.loop
version: 1.0.0
name: Loop
owner: it@acme.example
effects: [none]
implementation:
  type: script
  language: javascript
  limits: { timeoutMs: 100 }
  source: "export function run() { while (true) {} }"
`,
      "l.workflow.yaml": `${header("l", "spin")}
  - id: spin
    component: acme.loop
`,
    });
    await env.send("lead.received", { name: "A" });
    const run = (await env.runs())[0];
    expect(run?.status).toBe("failed");
    expect(run?.error).toMatchObject({ code: "sandbox/timeout" });
  });
});

describe("the record a run is about", () => {
  it("is read from the store when the event names it, with the event's own fields winning", async () => {
    env = await testEngine({
      "rec.workflow.yaml": `${header("rec", "look")}
  - id: look
    component: core.set
    config: { fields: { name: "record.name", amount: "record.amount", id: "record.id" } }
`,
    });
    const write = {
      entity: "lead",
      id: "L-7",
      op: "create" as const,
      data: { name: "Stored", amount: 10.0 },
      writeKey: "seed:1",
      indexed: { id: "L-7" },
    };
    await env.store.writeRecord("acme", write, "test");
    await env.send("lead.received", { recordId: "L-7" }, "by-id");
    await env.send("lead.received", { record: { id: "L-7", amount: 99.5 } }, "partial");
    const outputs = [];
    for (const run of await env.runs()) outputs.push((await env.store.stepExecutions(run.id))[0]?.output);
    expect(outputs).toContainEqual({ name: "Stored", amount: 10, id: "L-7" });
    expect(outputs).toContainEqual({ name: "Stored", amount: 99.5, id: "L-7" });
  });
});

describe("publishing", () => {
  it("writes a hash-chained audit entry per published version, with the diff and the data it touches", async () => {
    const workflow = `${header("audited", "score")}
  - id: score
    component: core.score
    config:
      rules:
        - { id: big, when: "record.amount > 1000.0", weight: 30 }
`;
    env = await testEngine({ "audited.workflow.yaml": workflow });
    const changed = workflow
      .replace("weight: 30", "weight: 40")
      .replace("record.amount > 1000.0", "record.amount > 1000.0 && record.region == 'east'");
    const second = await env.engine.deploy(
      "acme",
      [
        { path: "lead.entity.yaml", text: LEAD_ENTITY },
        { path: "audited.workflow.yaml", text: changed },
      ],
      "li.east",
    );
    expect(second.published).toEqual([{ kind: "workflow", id: "audited", version: 2 }]);
    const entries = await env.store.audit.list("acme");
    const audited = entries.filter((e) => e.object === "workflow/audited");
    expect(audited.map((e) => [e.actor, e.action, e.version])).toEqual([
      ["tester", "publish", 1],
      ["li.east", "publish", 2],
    ]);
    expect(audited[1]?.detail).toMatchObject({
      change: "changed",
      scope: { entities: ["lead"], fields: ["lead.amount", "lead.region"], regions: ["east"] },
    });
    expect(JSON.stringify(audited[1]?.detail)).toContain("weight 30 → 40");
    expect(await env.store.audit.verify("acme")).toMatchObject({ ok: true });
  });
});

describe("publishing and compliance", () => {
  it("records compliance findings (a scoring rule reading a sensitive field) in the publish's audit entry", async () => {
    const entity = LEAD_ENTITY.replace(
      "region: { type: string }",
      "region: { type: string, x-sensitive: region }",
    );
    env = await testEngine({
      "lead.entity.yaml": entity,
      "s.workflow.yaml": `${header("scored", "score")}
  - id: score
    component: core.score
    config:
      rules:
        - { id: east, when: "record.region == 'east'", weight: 10 }
`,
    });
    const [entry] = (await env.store.audit.list("acme")).filter((e) => e.object === "workflow/scored");
    expect(entry?.detail).toMatchObject({
      compliance: [
        {
          code: "compliance/sensitive-decision",
          severity: "blocked",
          step: "score",
          field: "lead.region",
          reason: "region",
        },
      ],
    });
  });
});

describe("shadow runs", () => {
  it("see the same events as the live version, record their effects, and perform none of them", async () => {
    const live = `${header("route", "save")}
  - id: save
    component: core.create-record
    config: { entity: lead, values: { name: "record.name", status: "'live'" } }
    next: [{ to: again }]
  - id: again
    component: core.find-record
    config: { entity: lead, match: { id: "steps.save.output.id" } }
    next: [{ to: call }]
  - id: call
    component: core.http
    config: { url: "https://erp.example.com/leads", body: "{'found': steps.again.output.found}" }
    next: [{ to: mail }]
  - id: mail
    component: core.send-email
    config: { to: "'sales@acme.example'", subject: "Lead {{ record.name }}", body: "status {{ steps.again.output.record.status }}" }
    next: [{ to: tell }]
  - id: tell
    component: core.notify
    config: { to: "'owner@acme.example'", title: "New lead" }
`;
    env = await testEngine({ "route.workflow.yaml": live });
    const shadow = live.replace("status: \"'live'\"", "status: \"'shadow'\"");
    const deployed = await env.engine.deploy(
      "acme",
      [
        { path: "lead.entity.yaml", text: LEAD_ENTITY },
        { path: "route.workflow.yaml", text: shadow },
      ],
      "li.east",
      { workflowsAs: "shadow" },
    );
    expect(deployed.published).toEqual([{ kind: "workflow", id: "route", version: 2 }]);
    await env.send("lead.received", { name: "Acme" });
    const runs = await env.runs();
    expect(runs.map((r) => [r.mode, r.version, r.status]).sort()).toEqual([
      ["live", 1, "completed"],
      ["shadow", 2, "completed"],
    ]);
    // Only the live run reached the world: one record, one e-mail, one HTTP call, one notification.
    expect(await env.store.countRecordWrites("acme")).toEqual({ total: 1, distinctKeys: 1 });
    expect(env.email.delivered).toHaveLength(1);
    expect(env.http.delivered).toHaveLength(1);
    expect(await env.store.listNotifications("acme")).toHaveLength(1);
    const records = await env.store.findRecords("acme", "lead", { name: "Acme" }, 5);
    expect(records.map((r) => r.data.status)).toEqual(["live"]);
    // The shadow run read its own write (found it, with its own status) and recorded every effect.
    const shadowRun = runs.find((r) => r.mode === "shadow");
    const timeline = await env.store.stepExecutions(shadowRun?.id ?? "");
    expect(timeline.find((s) => s.stepId === "again")?.output).toMatchObject({
      found: true,
      record: { status: "shadow" },
    });
    const effects = timeline
      .flatMap((s) => (s.effects as { kind: string }[] | null) ?? [])
      .map((e) => e.kind);
    expect(effects).toEqual(["record-create", "http", "email", "notification"]);
    expect((await env.store.audit.list("acme")).at(-1)).toMatchObject({
      action: "shadow-start",
      object: "workflow/route",
      version: 2,
    });
  });
});

describe("engine refresh", () => {
  const flow = (label: string) => `${header("route", "mark")}
  - id: mark
    component: core.set
    config: { fields: { label: "'${label}'" } }
`;

  it("reloads only what another process changed, reads nothing when nothing did, and everything when asked", async () => {
    env = await testEngine({ "route.workflow.yaml": flow("one") });
    const shared = env.store;
    let reads = 0;
    // The store as a second worker sees it, counting definition reads.
    const store = new Proxy(shared, {
      get(target, prop) {
        if (prop === "versionsWithStatus") reads += 1;
        const value: unknown = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const worker = new Engine({
      store,
      transports: { email: new RecordingTransport(), http: new RecordingTransport() },
    });
    try {
      await worker.load(["acme"]);
      reads = 0;
      await worker.refresh();
      await worker.refresh();
      expect(reads).toBe(0);
      await worker.refresh({ all: true }); // the worker's periodic full reload
      expect(reads).toBeGreaterThan(0);
      reads = 0;

      const sources = Object.entries({ "lead.entity.yaml": LEAD_ENTITY, "route.workflow.yaml": flow("two") });
      const published = await env.engine.deploy(
        "acme",
        sources.map(([path, text]) => ({ path, text })),
        "tester",
      );
      expect(published.ok).toBe(true);
      await worker.refresh();
      expect(reads).toBeGreaterThan(0);
      await worker.ingest({ tenantId: "acme", type: "lead.received", payload: { name: "Acme" } });
      await worker.drain();
      const [run] = await shared.listRuns({ tenantId: "acme" });
      expect(run).toMatchObject({ version: 2, status: "completed" });
    } finally {
      await worker.close();
    }
  });
});
