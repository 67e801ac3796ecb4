import { describe, expect, it } from "vitest";
import type { Store } from "../store.js";
import { openPgStore } from "./pg-store.js";
import { freshDatabase, unmigratedDatabase } from "./testing.js";

// Several worker processes will share one database. Two stores (two pools, so truly concurrent
// transactions on separate connections) stand in for two processes.

async function twoStores(): Promise<[Store, Store]> {
  const url = await freshDatabase();
  return Promise.all([openPgStore(url), openPgStore(url)]);
}

describe("PostgreSQL store shared by several processes", () => {
  it("keeps one unbroken audit chain when two stores append at once", async () => {
    const [a, b] = await twoStores();
    await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        (n % 2 === 0 ? a : b).audit.append({
          tenantId: "t1",
          actor: "a",
          action: "x",
          object: "o",
          detail: n,
        }),
      ),
    );
    const entries = await a.audit.list("t1");
    expect(entries).toHaveLength(40);
    expect(entries.slice(1).every((e, i) => e.prevHash === entries[i]?.hash)).toBe(true);
    expect(await b.audit.verify("t1")).toMatchObject({ ok: true, entries: 40 });
    await Promise.all([a.close(), b.close()]);
  });

  it("gives concurrently published versions distinct, gapless numbers", async () => {
    const [a, b] = await twoStores();
    const base = {
      tenantId: "t1",
      kind: "workflow",
      definitionId: "wf",
      source: "kind: workflow",
      status: "draft",
      createdBy: "me",
    };
    const published = await Promise.all(
      Array.from({ length: 20 }, (_, n) => (n % 2 === 0 ? a : b).publishVersion({ ...base, body: { n } })),
    );
    expect(published.map((v) => v.version).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, n) => n + 1),
    );
    await Promise.all([a.close(), b.close()]);
  });

  it("leaves exactly one live version when two stores promote different versions at once", async () => {
    const [a, b] = await twoStores();
    const base = {
      tenantId: "t1",
      kind: "workflow",
      definitionId: "wf",
      source: "",
      status: "draft",
      createdBy: "me",
    };
    for (let n = 1; n <= 10; n++) await a.publishVersion({ ...base, body: { n } });
    await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        (n % 2 === 0 ? a : b).setVersionStatus("t1", "workflow", "wf", n + 1, "live"),
      ),
    );
    expect(await a.versionsWithStatus("t1", "workflow", "live")).toHaveLength(1);
    await Promise.all([a.close(), b.close()]);
  });

  it("lets one of several concurrent creates of the same record win, the others return false", async () => {
    const [a, b] = await twoStores();
    const write = (n: number) => ({
      entity: "lead",
      id: "L1",
      op: "create" as const,
      data: { n },
      writeKey: `api:${n}`,
      indexed: { id: "L1" },
    });
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, n) => (n % 2 === 0 ? a : b).writeRecord("t1", write(n), "ann")),
    );
    expect(created.filter(Boolean)).toHaveLength(1);
    expect(await a.countRecordWrites("t1")).toEqual({ total: 1, distinctKeys: 1 });
    await Promise.all([a.close(), b.close()]);
  });

  it("never lets two workers claim the same event, and hands an expired claim to another", async () => {
    const [a, b] = await twoStores();
    for (let n = 0; n < 60; n++)
      await a.ingest({
        tenantId: "t1",
        id: `e${n}`,
        idempotencyKey: `k${n}`,
        type: "x",
        source: "s",
        payload: n,
        occurredAt: n,
      });
    const lease = (owner: string) => ({ owner, now: 1_000, until: 2_000 });
    const claimed = await Promise.all(
      Array.from({ length: 12 }, (_, n) => (n % 2 === 0 ? a : b).claimEvents(lease(`w${n}`), 10)),
    );
    const seqs = claimed.flat().map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toHaveLength(60);
    const later = await b.claimEvents({ owner: "w-new", now: 2_000, until: 3_000 }, 100);
    expect(later).toHaveLength(60);
    await Promise.all([a.close(), b.close()]);
  });

  it("applies one of two transitions committed on the same run revision, refusing the other", async () => {
    const [a, b] = await twoStores();
    const run = {
      id: "r1",
      tenantId: "t1",
      workflowId: "wf",
      version: 1,
      mode: "live" as const,
      trigger: "event",
      eventId: null,
      parentRunId: null,
      status: "running" as const,
      state: { step: 0 },
      error: null,
      startedAt: 1,
      updatedAt: 1,
      finishedAt: null,
    };
    await a.startRuns(null, [run]);
    const outcomes = await Promise.allSettled(
      [a, b].map((store, n) => store.commit({ run: { ...run, rev: 0, state: { step: n + 1 } } })),
    );
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = outcomes.find((o) => o.status === "rejected");
    expect(refused?.reason).toMatchObject({ code: "store/run-changed" });
    expect((await a.getRun("r1"))?.rev).toBe(1);
    await Promise.all([a.close(), b.close()]);
  });

  it("hands out each counter value once across stores", async () => {
    const [a, b] = await twoStores();
    const values = await Promise.all(
      Array.from({ length: 30 }, (_, n) => (n % 2 === 0 ? a : b).nextCounter("t1", "round-robin")),
    );
    expect(values.sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, n) => n));
    await Promise.all([a.close(), b.close()]);
  });

  it("migrates a new database once when several stores open it at the same moment", async () => {
    const url = await unmigratedDatabase();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPgStore(url)));
    await stores[0]?.ensureTenant("t1", "T1");
    expect(await stores[3]?.listTenants()).toEqual(["t1"]);
    await Promise.all(stores.map((s) => s.close()));
  });
});
