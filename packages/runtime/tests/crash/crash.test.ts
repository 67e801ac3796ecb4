import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openSqliteStore } from "@switchyard/store";
import { describe, expect, it } from "vitest";
import { FIVE_STEP_PROJECT } from "./five-step.mjs";

const EVENTS = 5000;
const worker = path.resolve(import.meta.dirname, "worker.mjs");

function start(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: string | null; out: string }>;
} {
  const child = spawn(process.execPath, [worker, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  const done = new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, out })),
  );
  return { child, done };
}

describe("crash safety", () => {
  it("after repeated SIGKILLs, every event has exactly one completed run and no effect happened twice", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "switchyard-crash-"));
    const db = path.join(dir, "store.db");
    const events = path.join(dir, "events.jsonl");
    const deliveries = path.join(dir, "deliveries.log");
    const project = path.join(dir, "project.json");
    writeFileSync(project, JSON.stringify(FIVE_STEP_PROJECT));
    writeFileSync(
      events,
      Array.from({ length: EVENTS }, (_, i) =>
        JSON.stringify({ id: `ev-${i}`, payload: { name: `Lead ${i}`, amount: (i * 37) % 1000 } }),
      ).join("\n"),
    );
    const args = [db, events, deliveries, project];

    let kills = 0;
    let finished = false;
    for (let attempt = 0; attempt < 40 && !finished; attempt++) {
      const { child, done } = start(args);
      // The first kills come early and at random moments: mid-ingestion, mid-step, mid-delivery.
      const killAt = kills < 4 ? 300 + Math.floor(Math.random() * 1500) : undefined;
      const timer = killAt === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAt);
      const result = await done;
      clearTimeout(timer);
      if (result.signal === "SIGKILL") kills++;
      else {
        expect(result.out, result.out).toContain("done");
        finished = true;
      }
    }
    expect(finished).toBe(true);
    expect(kills).toBeGreaterThanOrEqual(3);

    const store = openSqliteStore(db);
    expect(await store.pendingEvents(10)).toEqual([]);
    const runs = await store.listRuns({ tenantId: "acme", limit: EVENTS * 2 });
    expect(runs).toHaveLength(EVENTS);
    expect(new Set(runs.map((r) => r.eventId)).size).toBe(EVENTS);
    expect(runs.filter((r) => r.status !== "completed").map((r) => [r.id, r.status, r.error])).toEqual([]);
    const writes = await store.countRecordWrites("acme");
    expect(writes).toEqual({ total: EVENTS, distinctKeys: EVENTS });
    const outbox = await store.listOutbox("acme");
    expect(outbox).toHaveLength(EVENTS);
    expect(new Set(outbox.map((o) => o.idempotencyKey)).size).toBe(EVENTS);
    expect(outbox.filter((o) => o.status !== "sent")).toEqual([]);
    expect(await store.listNotifications("acme")).toHaveLength(EVENTS);
    // Delivery is at least once: every message reached the receiver; a kill between sending and
    // recording can repeat one, with the same idempotency key (so the receiver can drop it).
    const delivered = existsSync(deliveries) ? readFileSync(deliveries, "utf8").trim().split("\n") : [];
    expect(new Set(delivered).size).toBe(EVENTS);
    expect(delivered.length - EVENTS).toBeLessThanOrEqual(kills * 50);
    console.info(
      `crash test: ${kills} SIGKILLs, ${EVENTS} runs completed once each, ${writes.total} record writes, ${delivered.length - EVENTS} e-mails re-delivered with their idempotency key`,
    );
    await store.close();
  }, 600_000);
});
