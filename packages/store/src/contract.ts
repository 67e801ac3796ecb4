import { describe, expect, it } from "vitest";
import { StoreConflict } from "./errors.js";
import type { Store } from "./store.js";
import { runRow } from "./testing.js";
import type { OutboxItem, RunRow } from "./types.js";

/**
 * The behaviour every dialect must show. Each dialect's test file calls this with a factory
 * for a fresh, empty store (SQLite now; PostgreSQL in the scale-out issue).
 */
export function storeContract(name: string, open: () => Promise<Store> | Store): void {
  const run = runRow;
  const event = (key: string) => ({
    tenantId: "t1",
    id: `ev-${key}`,
    idempotencyKey: key,
    type: "lead.received",
    source: "test",
    payload: { n: 1 },
    occurredAt: 5,
  });
  /** A pending e-mail of run `runId`, due at 5. */
  const email = (id: string, runId: string): OutboxItem => ({
    id,
    tenantId: "t1",
    runId,
    tokenId: "a",
    idempotencyKey: `${runId}:${id}`,
    kind: "email",
    payload: {},
    status: "pending",
    attempts: 0,
    nextAttemptAt: 5,
    lastError: null,
    result: null,
    createdAt: 5,
    sentAt: null,
  });

  describe(`${name} store`, () => {
    it("accepts an event once per idempotency key", async () => {
      const store = await open();
      expect((await store.ingest(event("k1"))).accepted).toBe(true);
      const again = await store.ingest(event("k1"));
      expect(again.accepted).toBe(false);
      expect(await store.pendingEvents(10)).toHaveLength(1);
      await store.close();
    });

    it("accepts events handed in together once each, a repeated key among them included", async () => {
      const store = await open();
      const keys = ["t-1", "t-2", "t-1", "t-3", "t-2"];
      const results = await Promise.all(keys.map((key) => store.ingest(event(key))));
      // Which of two concurrent calls wins is the store's business; that one does, once, is not.
      for (const key of ["t-1", "t-2", "t-3"]) {
        const same = results.filter((_, i) => keys[i] === key);
        expect(same.filter((r) => r.accepted)).toHaveLength(1);
        expect(new Set(same.map((r) => r.seq)).size).toBe(1);
      }
      expect((await store.pendingEvents(10)).map((e) => e.idempotencyKey).sort()).toEqual([
        "t-1",
        "t-2",
        "t-3",
      ]);
      await store.close();
    });

    it("starts an event's runs once and marks the event processed in the same transaction", async () => {
      const store = await open();
      const { seq } = await store.ingest(event("k2"));
      await store.startRuns(seq, [run("r1", { eventId: "ev-k2" })]);
      await store.startRuns(seq, [run("r1-again", { eventId: "ev-k2" })]);
      expect(await store.pendingEvents(10)).toEqual([]);
      expect((await store.listRuns({ tenantId: "t1" })).map((r) => r.id)).toEqual(["r1"]);
      await store.close();
    });

    it("applies a replayed record write and outbox item only once", async () => {
      const store = await open();
      await store.startRuns(null, [run("r2")]);
      const commit = {
        run: run("r2", { status: "completed" as const, finishedAt: 2 }),
        recordWrites: [
          {
            entity: "lead",
            id: "L1",
            op: "create" as const,
            data: { phone: "123" },
            writeKey: "r2:s1:create",
            indexed: { phone: "123" },
          },
        ],
        outbox: [
          {
            id: "o1",
            tenantId: "t1",
            runId: "r2",
            tokenId: "tk",
            idempotencyKey: "r2:s2",
            kind: "email" as const,
            payload: { to: "a@b" },
            status: "pending" as const,
            attempts: 0,
            nextAttemptAt: 0,
            lastError: null,
            result: null,
            createdAt: 1,
            sentAt: null,
          },
        ],
      };
      await store.commit(commit);
      await store.commit({
        ...commit,
        outbox: [{ ...commit.outbox[0], id: "o1-dup" }] as typeof commit.outbox,
      });
      expect(await store.countRecordWrites("t1")).toEqual({ total: 1, distinctKeys: 1 });
      expect(await store.listOutbox("t1")).toHaveLength(1);
      expect((await store.findRecords("t1", "lead", { phone: "123" }, 5)).map((r) => r.id)).toEqual(["L1"]);
      expect((await store.getRun("r2"))?.status).toBe("completed");
      await store.close();
    });

    it("group-commits many writes, each atomic: a failing write rolls back alone and stops its run", async () => {
      const store = await open();
      const { seq } = await store.ingest(event("k-batch"));
      const create = (writeKey: string) => ({
        entity: "lead",
        id: "L-dup",
        op: "create" as const,
        data: { name: "A" },
        writeKey,
        indexed: { name: "A" },
      });
      const { failures } = await store.writeBatch([
        { kind: "start-runs", eventSeq: seq, runs: [run("b1"), run("b2")] },
        { kind: "commit", commit: { run: run("b1", { state: { step: 1 } }), recordWrites: [create("w1")] } },
        // Creates the same record again: fails, and nothing of this write may remain.
        {
          kind: "commit",
          commit: {
            run: run("b2", { state: { step: 1 } }),
            recordWrites: [create("w2")],
            notifications: [
              {
                id: "n-b2",
                tenantId: "t1",
                recipient: "ann",
                title: "t",
                message: "m",
                link: null,
                runId: "b2",
                createdAt: 1,
              },
            ],
          },
        },
        { kind: "commit", commit: { run: run("b2", { state: { step: 2 } }) } },
        { kind: "commit", commit: { run: run("b1", { status: "completed", state: { step: 2 } }) } },
      ]);
      expect(failures.map((f) => [f.index, f.runId])).toEqual([
        [2, "b2"],
        [3, "b2"],
      ]);
      expect(failures[1]?.error).toBe("skipped");
      expect(await store.pendingEvents(10)).toEqual([]);
      expect((await store.getRun("b1"))?.status).toBe("completed");
      expect((await store.getRun("b2"))?.state).toEqual({ tokens: [] });
      expect(await store.listNotifications("t1")).toEqual([]);
      expect(await store.countRecordWrites("t1")).toEqual({ total: 1, distinctKeys: 1 });
      expect(await store.writeBatch([])).toEqual({ failures: [] });
      await store.close();
    });

    it("records deliveries in a group commit, whole or write by write", async () => {
      const store = await open();
      const sent = (id: string) => ({
        id,
        status: "sent" as const,
        attempts: 1,
        nextAttemptAt: 5,
        lastError: null,
        result: { accepted: true },
        sentAt: 9,
      });
      await store.startRuns(null, [run("d1")]);
      await store.commit({ run: run("d1"), outbox: [email("do1", "d1"), email("do2", "d1")] });
      expect(await store.writeBatch([{ kind: "deliveries", updates: [sent("do1")] }])).toEqual({
        failures: [],
      });
      // A failing write in the same batch (a run another worker moved on) leaves the deliveries be.
      const stale = { ...(await store.getRun("d1"))!, rev: 99 };
      const { failures } = await store.writeBatch([
        { kind: "commit", commit: { run: stale } },
        { kind: "deliveries", updates: [sent("do2")] },
      ]);
      expect(failures.map((f) => [f.index, f.runId])).toEqual([[0, "d1"]]);
      const outbox = await store.listOutbox("t1");
      expect(outbox.map((o) => [o.id, o.status, o.attempts, o.sentAt])).toEqual([
        ["do1", "sent", 1, 9],
        ["do2", "sent", 1, 9],
      ]);
      expect(outbox[0]?.result).toEqual({ accepted: true });
      await store.close();
    });

    it("hands each piece of work to one worker until its claim expires", async () => {
      const store = await open();
      const lease = (owner: string, now: number) => ({ owner, now, until: now + 1_000 });
      await store.ingest(event("claim-1"));
      await store.ingest(event("claim-2"));
      expect((await store.claimEvents(lease("w1", 10), 1)).map((e) => e.idempotencyKey)).toEqual(["claim-1"]);
      expect((await store.claimEvents(lease("w2", 10), 5)).map((e) => e.idempotencyKey)).toEqual(["claim-2"]);
      expect(await store.claimEvents(lease("w3", 10), 5)).toEqual([]);
      // w1 died: once its claim has expired, another worker takes the event over.
      expect((await store.claimEvents(lease("w3", 1_010), 5)).map((e) => e.idempotencyKey)).toEqual([
        "claim-1",
        "claim-2",
      ]);

      await store.startRuns(null, [run("c1", { startedAt: 1 }), run("c2", { startedAt: 2 })]);
      expect((await store.claimRuns(lease("w1", 10), 5)).map((r) => r.id)).toEqual(["c1", "c2"]);
      expect(await store.claimRuns(lease("w2", 10), 5)).toEqual([]);
      // A worker restarted under the same name takes its own claims straight back.
      expect((await store.claimRuns(lease("w1", 20), 5)).map((r) => r.id)).toEqual(["c1", "c2"]);
      // A run that stops running loses its claim: resumed later, any worker may take it.
      const [c1] = await store.claimRuns(lease("w1", 30), 1);
      await store.commit({ run: { ...c1!, status: "waiting" } });
      await store.commit({ run: { ...(await store.getRun("c1"))!, status: "running" } });
      expect((await store.claimRuns(lease("w2", 40), 5)).map((r) => r.id)).toEqual(["c1"]);

      await store.commit({
        run: run("c3"),
        timers: [{ id: "ct1", tenantId: "t1", runId: "c3", tokenId: "a", purpose: "wait", dueAt: 5 }],
        outbox: [email("co1", "c3")],
      });
      expect((await store.claimTimers(lease("w1", 10), 5)).map((x) => x.id)).toEqual(["ct1"]);
      expect(await store.claimTimers(lease("w2", 10), 5)).toEqual([]);
      expect((await store.claimOutbox(lease("w1", 10), 5)).map((x) => x.id)).toEqual(["co1"]);
      expect(await store.claimOutbox(lease("w2", 10), 5)).toEqual([]);
      expect((await store.claimOutbox(lease("w2", 1_010), 5)).map((x) => x.id)).toEqual(["co1"]);
      await store.close();
    });

    it("starts runs claimed by the lease a start-runs write carries", async () => {
      const store = await open();
      const lease = (owner: string, now: number) => ({ owner, now, until: now + 1_000 });
      const { seq } = await store.ingest(event("k-leased"));
      await store.writeBatch([
        { kind: "start-runs", eventSeq: seq, runs: [run("l1")], lease: lease("w1", 10) },
        { kind: "start-runs", eventSeq: null, runs: [run("l2")] },
      ]);
      expect((await store.claimRuns(lease("w2", 20), 5)).map((r) => r.id)).toEqual(["l2"]);
      // Until the starting worker's claim runs out; then anyone may take the run over.
      expect((await store.claimRuns(lease("w3", 1_010), 5)).map((r) => r.id)).toEqual(["l1"]);
      expect((await store.getRun("l1"))?.rev).toBe(0);
      await store.close();
    });

    it("applies a run's transition only on the revision it was based on", async () => {
      const store = await open();
      await store.startRuns(null, [run("rv")]);
      const read = (await store.getRun("rv"))!;
      expect(read.rev).toBe(0);
      await store.commit({ run: { ...read, state: { by: "first" } } });
      expect((await store.getRun("rv"))?.rev).toBe(1);
      // A second worker that read the same revision is refused, and nothing of its commit stays.
      const refused = await store
        .commit({ run: { ...read, state: { by: "second" } }, notifications: [] })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(StoreConflict);
      expect((refused as StoreConflict).code).toBe("store/run-changed");
      expect((await store.getRun("rv"))?.state).toEqual({ by: "first" });
      const { failures } = await store.writeBatch([{ kind: "commit", commit: { run: read } }]);
      expect(failures.map((f) => (f.error as StoreConflict).code)).toEqual(["store/run-changed"]);
      await store.close();
    });

    it("applies a record update only on the version it was based on", async () => {
      const store = await open();
      const base = { entity: "lead", id: "Lv", indexed: {} };
      await store.commit({
        run: run("rw"),
        recordWrites: [{ ...base, op: "create", data: { n: 1 }, writeKey: "rw:1" }],
      });
      await store.commit({
        run: run("rw"),
        recordWrites: [{ ...base, op: "update", data: { n: 2 }, writeKey: "rw:2", baseVersion: 1 }],
      });
      const stale = await store
        .commit({
          run: run("rw"),
          recordWrites: [{ ...base, op: "update", data: { n: 3 }, writeKey: "rw:3", baseVersion: 1 }],
        })
        .catch((e: unknown) => e);
      expect((stale as StoreConflict).code).toBe("store/record-changed");
      expect(await store.getRecord("t1", "lead", "Lv")).toMatchObject({ data: { n: 2 }, version: 2 });
      await store.close();
    });

    it("group-commits several transitions of several runs: each run ends on its last state and revision", async () => {
      const store = await open();
      await store.startRuns(null, [run("g1"), run("g2")]);
      const [g1, g2] = [(await store.getRun("g1"))!, (await store.getRun("g2"))!];
      const step = (r: RunRow, n: number, over: Partial<RunRow> = {}) => ({
        kind: "commit" as const,
        commit: {
          run: { ...r, rev: (r.rev ?? 0) + n, state: { step: n }, ...over },
          execution: {
            runId: r.id,
            stepId: `s${n}`,
            tokenId: "t",
            attempt: n,
            status: "completed" as const,
            input: null,
            output: { n },
            error: null,
            explanation: null,
            effects: null,
            startedAt: n,
            finishedAt: n,
          },
        },
      });
      const { failures } = await store.writeBatch([
        step(g1, 0),
        step(g2, 0),
        step(g1, 1),
        step(g2, 1),
        step(g1, 2, { status: "completed", finishedAt: 9 }),
      ]);
      expect(failures).toEqual([]);
      expect(await store.getRun("g1")).toMatchObject({ status: "completed", state: { step: 2 }, rev: 3 });
      expect(await store.getRun("g2")).toMatchObject({ status: "running", state: { step: 1 }, rev: 2 });
      expect((await store.stepExecutions("g1")).map((e) => e.stepId)).toEqual(["s0", "s1", "s2"]);
      // A batch built on a stale revision of g2 is refused for g2 alone.
      const stale = await store.writeBatch([step(g2, 0), step(g1, 3, { state: { late: true } })]);
      expect(stale.failures.map((f) => [f.index, (f.error as StoreConflict).code])).toEqual([
        [0, "store/run-changed"],
      ]);
      expect(await store.getRun("g1")).toMatchObject({ state: { late: true }, rev: 4 });
      expect(await store.getRun("g2")).toMatchObject({ state: { step: 1 }, rev: 2 });
      await store.close();
    });

    it("numbers versions and keeps one live version", async () => {
      const store = await open();
      const base = {
        tenantId: "t1",
        kind: "workflow",
        definitionId: "wf",
        source: "kind: workflow",
        body: { id: "wf" },
        status: "draft",
        createdBy: "me",
      };
      const v1 = await store.publishVersion(base);
      const v2 = await store.publishVersion({ ...base, body: { id: "wf", name: "2" } });
      expect([v1.version, v2.version]).toEqual([1, 2]);
      await store.setVersionStatus("t1", "workflow", "wf", 1, "live");
      await store.setVersionStatus("t1", "workflow", "wf", 2, "live");
      expect((await store.versionsWithStatus("t1", "workflow", "live")).map((v) => v.version)).toEqual([2]);
      expect((await store.getVersion("t1", "workflow", "wf", 1))?.status).toBe("retired");
      await store.close();
    });

    it("writes records outside runs with optimistic concurrency, and deletes them", async () => {
      const store = await open();
      const write = {
        entity: "lead",
        id: "L9",
        op: "create" as const,
        data: { name: "A" },
        writeKey: "api:1",
        indexed: { id: "L9", name: "A" },
      };
      expect(await store.writeRecord("t1", write, "ann")).toBe(true);
      expect(await store.writeRecord("t1", { ...write, writeKey: "api:2" }, "ann")).toBe(false);
      const update = {
        ...write,
        op: "update" as const,
        data: { name: "B" },
        writeKey: "api:3",
        indexed: { id: "L9", name: "B" },
      };
      expect(await store.writeRecord("t1", update, "ann", 2)).toBe(false);
      expect(await store.writeRecord("t1", update, "ann", 1)).toBe(true);
      expect((await store.getRecord("t1", "lead", "L9"))?.data).toEqual({ name: "B" });
      expect((await store.listRecords("t1", "lead", { limit: 10, offset: 0 })).map((r) => r.version)).toEqual(
        [2],
      );
      expect(await store.getRecord("t2", "lead", "L9")).toBeUndefined();
      expect(await store.deleteRecord("t1", "lead", "L9")).toBe(true);
      expect(await store.findRecords("t1", "lead", { name: "B" }, 5)).toEqual([]);
      await store.close();
    });

    it("keeps one draft per definition", async () => {
      const store = await open();
      await store.putDraft({
        tenantId: "t1",
        kind: "workflow",
        definitionId: "wf",
        source: "a",
        updatedAt: 1,
        updatedBy: "ann",
      });
      await store.putDraft({
        tenantId: "t1",
        kind: "workflow",
        definitionId: "wf",
        source: "b",
        updatedAt: 2,
        updatedBy: "bob",
      });
      expect((await store.listDrafts("t1")).map((d) => [d.source, d.updatedBy])).toEqual([["b", "bob"]]);
      expect(await store.listDrafts("t2")).toEqual([]);
      await store.deleteDraft("t1", "workflow", "wf");
      expect(await store.getDraft("t1", "workflow", "wf")).toBeUndefined();
      await store.close();
    });

    it("returns due timers only", async () => {
      const store = await open();
      await store.commit({
        run: run("r3"),
        timers: [
          { id: "tm1", tenantId: "t1", runId: "r3", tokenId: "a", purpose: "wait", dueAt: 100 },
          { id: "tm2", tenantId: "t1", runId: "r3", tokenId: "b", purpose: "wait", dueAt: 200 },
        ],
      });
      expect((await store.dueTimers(150, 10)).map((x) => x.id)).toEqual(["tm1"]);
      await store.commit({ run: run("r3"), firedTimers: ["tm1"] });
      expect(await store.dueTimers(150, 10)).toEqual([]);
      await store.close();
    });
  });
}
