import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Engine, Lifecycle } from "@switchyard/runtime";
import { openStore, type Store } from "@switchyard/store";
import { createDatabase, startTestCluster, type TestCluster } from "@switchyard/store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIVE_STEP_PROJECT } from "../../../packages/runtime/tests/crash/five-step.mjs";

// Three `switchyard worker` processes share one PostgreSQL database; one is killed with SIGKILL
// while events stream in. Runs against the compiled packages (npm test builds them first).

const CLI = path.resolve(import.meta.dirname, "../../cli/bin/switchyard.js");
const TENANT = "acme";
const EVENTS = 240;

/**
 * The benchmark's five-step workflow with an HTTP call to the receiver after the record write:
 * event → condition → set fields → record write → HTTP → notify → e-mail.
 */
const project = (receiver: string) => {
  const workflow = FIVE_STEP_PROJECT["intake.workflow.yaml"].replace(
    "    next: [{ to: tell }]\n",
    `    next: [{ to: register }]
  - id: register
    component: core.http
    config:
      method: POST
      url: ${receiver}/leads
      body: "{'name': record.name, 'tier': steps.classify.output.tier}"
    next: [{ to: tell }]
`,
  );
  if (!workflow.includes("id: register")) throw new Error("the five-step workflow changed; update this test");
  return { ...FIVE_STEP_PROJECT, "intake.workflow.yaml": workflow };
};

/** An ERP-like receiver: performs each request once per Idempotency-Key, as such APIs do. */
function startReceiver(): Promise<{ server: Server; url: string; received: Map<string, number> }> {
  const received = new Map<string, number>();
  const server = createServer((req, res) => {
    const key = String(req.headers["idempotency-key"] ?? "");
    received.set(key, (received.get(key) ?? 0) + 1);
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received }),
    ),
  );
}

function startWorkerProcess(url: string, id: string): ChildProcess {
  return spawn(process.execPath, [CLI, "worker"], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      SWITCHYARD_WORKER_ID: id,
      SWITCHYARD_OUTBOUND: "send",
      SWITCHYARD_LEASE_MS: "2000",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

const until = async (check: () => Promise<boolean>, ms: number, what: string) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe("workers on PostgreSQL", () => {
  let cluster: TestCluster;
  let store: Store;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    cluster = await startTestCluster();
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill("SIGKILL");
    await store?.close();
    await cluster?.stop();
  });

  it("three workers, one killed mid-stream: every event has exactly one completed run, no effect performed twice", async () => {
    const url = await createDatabase(cluster.url);
    store = await openStore(url);
    const receiver = await startReceiver();
    try {
      // Publish as IT and the author would: built-ins approved, then the project live.
      await store.ensureTenant(TENANT, "Acme");
      const engine = new Engine({ store });
      await new Lifecycle({ engine, store }).whitelistBuiltins(TENANT, "test");
      const deployed = await engine.deploy(
        TENANT,
        Object.entries(project(receiver.url)).map(([p, text]) => ({ path: p, text })),
        "test",
      );
      expect(deployed.ok ? [] : deployed.diagnostics).toEqual([]);

      for (const id of ["w1", "w2", "w3"]) workers.push(startWorkerProcess(url, id));
      const output = workers.map((w) => {
        const lines: string[] = [];
        w.stdout?.on("data", (d) => lines.push(String(d)));
        w.stderr?.on("data", (d) => lines.push(String(d)));
        return lines;
      });
      const completed = async () =>
        (await store.listRuns({ tenantId: TENANT, status: "completed", limit: EVENTS + 1 })).length;

      // Events stream in; w2 is killed once a third of them are done, with work in its hands.
      for (let i = 0; i < EVENTS; i++) {
        await engine.ingest({
          tenantId: TENANT,
          id: `lead-${i}`,
          type: "lead.received",
          payload: { name: `Lead ${i}`, amount: (i * 37) % 1000 },
        });
        if (i % 20 === 19) await new Promise((r) => setTimeout(r, 20));
        if (i === Math.floor(EVENTS / 2)) {
          await until(async () => (await completed()) >= EVENTS / 3, 60_000, "a third of the runs");
          workers[1]!.kill("SIGKILL");
        }
      }
      await until(async () => (await completed()) === EVENTS, 90_000, `${EVENTS} completed runs`).catch(
        (error: unknown) => {
          throw new Error(`${(error as Error).message}\n${output.map((o) => o.join("")).join("\n---\n")}`);
        },
      );
      await until(
        async () => (await store.listOutbox(TENANT)).every((o) => o.status === "sent"),
        30_000,
        "every HTTP call delivered",
      );

      expect(workers[1]!.signalCode).toBe("SIGKILL");
      const runs = await store.listRuns({ tenantId: TENANT, limit: EVENTS * 2 });
      expect(runs).toHaveLength(EVENTS);
      expect(new Set(runs.map((r) => r.eventId)).size).toBe(EVENTS);
      expect(runs.filter((r) => r.status !== "completed")).toEqual([]);
      expect(await store.countRecordWrites(TENANT)).toEqual({ total: EVENTS, distinctKeys: EVENTS });
      const outbox = await store.listOutbox(TENANT);
      const calls = outbox.filter((o) => o.kind === "http");
      expect(calls).toHaveLength(EVENTS);
      expect(outbox.filter((o) => o.kind === "email")).toHaveLength(EVENTS);
      expect(new Set(outbox.map((o) => o.idempotencyKey)).size).toBe(2 * EVENTS);
      // Every call reached the receiver under its own key; a redelivery after the kill would carry
      // the same key, and the receiver performs a key once.
      expect(receiver.received.size).toBe(EVENTS);
      for (const item of calls) expect(receiver.received.has(item.idempotencyKey)).toBe(true);
      const notifications = await store.listNotifications(TENANT);
      expect(new Set(notifications.map((n) => n.id)).size).toBe(notifications.length);
      expect(notifications).toHaveLength(EVENTS);

      // The survivors stop cleanly on SIGTERM.
      for (const w of [workers[0]!, workers[2]!]) {
        const exited = new Promise((resolve) => w.once("exit", resolve));
        w.kill("SIGTERM");
        expect(await exited).toBe(0);
      }
    } finally {
      receiver.server.close();
    }
  }, 180_000);
});
