// A shadow run is truly dry: with the REAL SMTP and HTTP transports pointed at real local servers
// (standing in for the outside world), shadow runs deliver nothing, write no live record, queue no
// outbox item and notify no one — while their ledgers show the work they would have done. A live
// control on the same servers proves the servers and transports do receive what is sent.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Store } from "@switchyard/store";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { httpTransport, smtpTransport } from "../src/effects/transports.js";
import { Engine } from "../src/engine/engine.js";
import { createSandbox, type Sandbox } from "../src/sandbox/index.js";
import { LEAD_ENTITY } from "./harness.js";
import { openTestStore } from "./test-store.js";

const TENANT = "acme";
const EVENTS = 50;
// smtp-server holds its greeting ~100 ms to catch clients that talk too early, and the real
// transport opens one connection per message: a live stream of 50 takes several seconds.
const LIVE_TIMEOUT_MS = 60_000;
/** Every effect one run of the workflow below causes, in step order. */
const EFFECT_KINDS = ["record-create", "record-update", "http", "email", "notification"];

/** What the stand-in outside world received. */
const world = {
  smtpSessions: 0,
  smtpMessages: [] as { rcpt: string[]; subject: string }[],
  httpRequests: [] as { method: string; url: string; body: string }[],
  reset() {
    this.smtpSessions = 0;
    this.smtpMessages = [];
    this.httpRequests = [];
  },
};

let smtp: SMTPServer;
let http: Server;
let smtpPort = 0;
let httpPort = 0;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    disableReverseLookup: true,
    onConnect(_session, callback) {
      world.smtpSessions++;
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        world.smtpMessages.push({
          rcpt: session.envelope.rcptTo.map((r) => r.address),
          subject: /^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? "",
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;

  http = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      world.httpRequests.push({ method: req.method ?? "", url: req.url ?? "", body });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  httpPort = (http.address() as AddressInfo).port;
});

afterAll(async () => {
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** Create a lead, update it, call the ERP, e-mail sales, notify the owner. */
const workflow = (status: string) => `
kind: workflow
id: intake
name: intake
owner: ops@acme.example
region: east
entity: lead
triggers:
  - type: event
    event: lead.received
start: save
steps:
  - id: save
    component: core.create-record
    config: { entity: lead, values: { name: "record.name", status: "'new'" } }
    next: [{ to: touch }]
  - id: touch
    component: core.update-record
    config: { entity: lead, id: "steps.save.output.id", values: { status: "'${status}'" } }
    next: [{ to: call }]
  - id: call
    component: core.http
    config: { url: "http://127.0.0.1:${httpPort}/leads", body: "{'name': record.name, 'status': '${status}'}" }
    next: [{ to: mail }]
  - id: mail
    component: core.send-email
    config: { to: "'sales@acme.example'", subject: "Lead {{ record.name }}", body: "status ${status}" }
    next: [{ to: tell }]
  - id: tell
    component: core.notify
    config: { to: "'owner@acme.example'", title: "New lead {{ record.name }}" }
`;

const sources = (status: string) => [
  { path: "lead.entity.yaml", text: LEAD_ENTITY },
  { path: "intake.workflow.yaml", text: workflow(status) },
];

interface Env {
  readonly engine: Engine;
  readonly store: Store;
  readonly sandbox: Sandbox;
}
let env: Env | undefined;

/** An engine on an in-memory store whose e-mail and HTTP go out through the real transports. */
async function realEngine(): Promise<Env> {
  const store = await openTestStore();
  const sandbox = createSandbox({ workers: 1 });
  const now = Date.parse("2026-11-23T09:00:00Z");
  const engine = new Engine({
    store,
    sandbox,
    clock: () => now,
    // One attempt: a failed delivery shows up as a failed run instead of a retry loop.
    maxDeliveryAttempts: 1,
    transports: {
      email: smtpTransport(`smtp://127.0.0.1:${smtpPort}`, "switchyard@acme.example"),
      http: httpTransport(),
    },
  });
  env = { engine, store, sandbox };
  return env;
}

async function deploy(e: Env, status: string, workflowsAs: "live" | "shadow") {
  const deployed = await e.engine.deploy(TENANT, sources(status), "tester", { workflowsAs });
  expect(deployed.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(deployed.ok).toBe(true);
}

async function stream(e: Env) {
  for (let i = 0; i < EVENTS; i++)
    await e.engine.ingest({ tenantId: TENANT, type: "lead.received", payload: { name: `Lead ${i}` } });
  await e.engine.drain();
}

async function runsByMode(store: Store, mode: "live" | "shadow") {
  const runs = await store.listRuns({ tenantId: TENANT, limit: 10 * EVENTS });
  return runs.filter((r) => r.mode === mode);
}

async function ledgerKinds(store: Store, runId: string): Promise<string[]> {
  return (await store.stepExecutions(runId))
    .flatMap((s) => (s.effects as { kind: string }[] | null) ?? [])
    .map((e) => e.kind);
}

afterEach(async () => {
  if (env) {
    await env.engine.close();
    await env.sandbox.close();
    await env.store.close();
  }
  env = undefined;
  world.reset();
});

describe("a shadow run is truly dry", () => {
  it("delivers nothing, writes nothing live, and still records every effect in its ledger", async () => {
    const e = await realEngine();
    await deploy(e, "shadow", "shadow");

    await stream(e);

    // The work happened: one completed shadow run per event, each ledger holding every effect.
    const shadow = await runsByMode(e.store, "shadow");
    expect(shadow).toHaveLength(EVENTS);
    expect(shadow.every((r) => r.status === "completed")).toBe(true);
    for (const run of shadow) expect(await ledgerKinds(e.store, run.id)).toEqual(EFFECT_KINDS);
    expect(await runsByMode(e.store, "live")).toEqual([]);
    // ...and none of it reached the world or live data.
    expect(world.smtpSessions).toBe(0);
    expect(world.smtpMessages).toEqual([]);
    expect(world.httpRequests).toEqual([]);
    expect(await e.store.countRecordWrites(TENANT)).toEqual({ total: 0, distinctKeys: 0 });
    expect(await e.store.listRecords(TENANT, "lead", { limit: 1000, offset: 0 })).toEqual([]);
    expect(await e.store.listOutbox(TENANT)).toEqual([]);
    expect(await e.store.listNotifications(TENANT)).toEqual([]);
  });

  it(
    "positive control: the same workflow deployed live delivers to both servers",
    async () => {
      const e = await realEngine();
      await deploy(e, "live", "live");

      await stream(e);

      const live = await runsByMode(e.store, "live");
      expect(live).toHaveLength(EVENTS);
      expect(live.every((r) => r.status === "completed")).toBe(true);
      expect(world.smtpMessages).toHaveLength(EVENTS);
      expect(world.smtpMessages.every((m) => m.rcpt.join() === "sales@acme.example")).toBe(true);
      expect(new Set(world.smtpMessages.map((m) => m.subject))).toEqual(
        new Set(Array.from({ length: EVENTS }, (_, i) => `Lead Lead ${i}`)),
      );
      expect(world.httpRequests).toHaveLength(EVENTS);
      expect(world.httpRequests.every((r) => r.method === "POST" && r.url === "/leads")).toBe(true);
      expect(await e.store.countRecordWrites(TENANT)).toMatchObject({ total: 2 * EVENTS });
      expect(await e.store.listRecords(TENANT, "lead", { limit: 1000, offset: 0 })).toHaveLength(EVENTS);
      const outbox = await e.store.listOutbox(TENANT);
      expect(outbox).toHaveLength(2 * EVENTS);
      expect(outbox.every((o) => o.status === "sent")).toBe(true);
      expect(await e.store.listNotifications(TENANT)).toHaveLength(EVENTS);
    },
    LIVE_TIMEOUT_MS,
  );

  it(
    "beside a live version, delivers exactly the live runs' effects, not double",
    async () => {
      const e = await realEngine();
      await deploy(e, "live", "live");
      await deploy(e, "shadow", "shadow");

      await stream(e);

      const live = await runsByMode(e.store, "live");
      const shadow = await runsByMode(e.store, "shadow");
      expect(live).toHaveLength(EVENTS);
      expect(shadow).toHaveLength(EVENTS);
      expect([...live, ...shadow].every((r) => r.status === "completed")).toBe(true);
      expect(shadow.every((r) => r.version === 2)).toBe(true);
      for (const run of shadow) expect(await ledgerKinds(e.store, run.id)).toEqual(EFFECT_KINDS);
      // Deliveries are exactly the live runs' — and carry the live version's data only.
      expect(world.smtpMessages).toHaveLength(live.length);
      expect(world.httpRequests).toHaveLength(live.length);
      expect(world.httpRequests.every((r) => JSON.parse(r.body).status === "live")).toBe(true);
      expect(await e.store.countRecordWrites(TENANT)).toMatchObject({ total: 2 * live.length });
      const records = await e.store.listRecords(TENANT, "lead", { limit: 1000, offset: 0 });
      expect(records.map((r) => r.data.status)).toEqual(Array.from({ length: EVENTS }, () => "live"));
      expect(await e.store.listOutbox(TENANT)).toHaveLength(2 * live.length);
      expect(await e.store.listNotifications(TENANT)).toHaveLength(live.length);
    },
    LIVE_TIMEOUT_MS,
  );
});
