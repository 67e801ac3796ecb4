// Engine throughput against the machine's ceiling, measured in one run (see docs/performance.md).
// Runs against the compiled packages: `npm run bench` builds first.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Engine, RecordingTransport } from "@switchyard/runtime";
import { openSqliteStore } from "@switchyard/store";
import Database from "better-sqlite3";
import { ingestFiveStep, sourcesOf } from "./five-step.mjs";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const tempDb = () => path.join(mkdtempSync(path.join(tmpdir(), "switchyard-bench-")), "bench.db");

/** The raw better-sqlite3 rate: one row per transaction, WAL + synchronous=NORMAL, as the store runs. */
export function rawInsertRate(rows = 20_000) {
  const file = tempDb();
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec("create table t (id integer primary key, payload text not null)");
  const insert = db.prepare("insert into t (payload) values (?)");
  const one = db.transaction((p) => insert.run(p));
  const payload = JSON.stringify({ name: "Lead", amount: 123.4, tier: "key" });
  const started = performance.now();
  for (let i = 0; i < rows; i++) one(payload);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  rmSync(path.dirname(file), { recursive: true, force: true });
  return rows / seconds;
}

/** Five-step runs, every step transition committed to SQLite. */
export async function engineRate(events = 2_000) {
  const file = tempDb();
  const store = openSqliteStore(file);
  const transport = new RecordingTransport();
  const engine = new Engine({ store, transports: { email: transport, http: transport } });
  const deployed = await engine.deploy("bench", sourcesOf(), "bench");
  if (!deployed.ok) throw new Error("bench project invalid");
  await ingestFiveStep(engine, events);
  const started = performance.now();
  await engine.drain();
  const seconds = (performance.now() - started) / 1000;
  const runs = await store.listRuns({ tenantId: "bench", status: "completed", limit: events + 1 });
  let steps = 0;
  for (const run of runs.slice(0, 50)) steps += (await store.stepExecutions(run.id)).length;
  const stepsPerRun = steps / Math.min(50, runs.length);
  await engine.close();
  await store.close();
  rmSync(path.dirname(file), { recursive: true, force: true });
  if (runs.length !== events) throw new Error(`only ${runs.length} of ${events} runs completed`);
  return { runsPerSecond: events / seconds, stepsPerSecond: (events * stepsPerRun) / seconds, stepsPerRun };
}

export async function benchEngine(repeats = 3) {
  const raw = [];
  const engine = [];
  for (let i = 0; i < repeats; i++) {
    raw.push(rawInsertRate());
    engine.push(await engineRate());
  }
  const rawRate = median(raw);
  const steps = median(engine.map((e) => e.stepsPerSecond));
  return {
    rawSingleRowTransactionsPerSecond: Math.round(rawRate),
    engineRunsPerSecond: Math.round(median(engine.map((e) => e.runsPerSecond))),
    engineStepsPerSecond: Math.round(steps),
    stepsPerRun: engine[0].stepsPerRun,
    stepsVsRawInsert: Number((steps / rawRate).toFixed(3)),
    repeats,
  };
}
