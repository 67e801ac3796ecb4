// Latency from an event accepted to its run's first effect recorded, for the five-step workflow
// under a steady offered rate with the engine loop running as the server runs it. The engine's
// store is wrapped (never changed) so the moment each effect-carrying commit returns is observed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Engine, RecordingTransport } from "@switchyard/runtime";
import { openSqliteStore } from "@switchyard/store";
// The loop the server runs (not exported by @switchyard/server): measured as is, not copied, so
// the figure follows its changes (how it rests, how kicks coalesce).
import { startEngineLoop } from "@switchyard/server";
import { sourcesOf } from "./five-step.mjs";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (ms) => Number(ms.toFixed(1));
const TENANT = "bench";

/** A commit carries an effect when it writes a record, or queues a notification, task or outbox item. */
const hasEffect = (commit) =>
  Boolean(
    commit.recordWrites?.length ||
    commit.outbox?.length ||
    commit.notifications?.length ||
    commit.tasks?.length,
  );

/**
 * `store` as the engine sees it, except that once a write returns (its transaction committed),
 * `onEffect(run, now)` is called for each step commit in it that carries an effect. Covers both
 * ways the engine writes a step: `commit` (one per transaction) and `writeBatch` (group commit;
 * writes the store reports as failed are left out).
 */
function observed(store, onEffect) {
  const wrapped = {
    async commit(commit) {
      await store.commit(commit);
      if (hasEffect(commit)) onEffect(commit.run, performance.now());
    },
    async writeBatch(writes) {
      const answer = await store.writeBatch(writes);
      const now = performance.now();
      const failed = new Set(answer.failures.map((f) => f.index));
      writes.forEach((write, i) => {
        if (write.kind === "commit" && !failed.has(i) && hasEffect(write.commit))
          onEffect(write.commit.run, now);
      });
      return answer;
    },
  };
  return new Proxy(store, {
    get(target, property) {
      if (Object.hasOwn(wrapped, property) && typeof target[property] === "function")
        return wrapped[property];
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * One load: `rate` events/s for `warmUpSeconds` (not counted) then `seconds`, each event sent at
 * its scheduled time (open loop: a late event does not delay the schedule of the next).
 */
async function latencyAt(rate, seconds, warmUpSeconds) {
  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-bench-latency-"));
  const store = openSqliteStore(path.join(dir, "bench.db"));
  const accepted = new Map();
  const firstEffect = new Map();
  const transport = new RecordingTransport();
  const engine = new Engine({
    store: observed(store, (run, now) => {
      if (run.eventId && !firstEffect.has(run.eventId)) firstEffect.set(run.eventId, now);
    }),
    transports: { email: transport, http: transport },
  });
  const sources = sourcesOf();
  if (!(await engine.deploy(TENANT, sources, "bench")).ok) throw new Error("bench project invalid");
  const tickErrors = [];
  const loop = startEngineLoop(engine, { error: (fields) => tickErrors.push(fields.err) });
  const warmUp = Math.round(rate * warmUpSeconds);
  const total = warmUp + Math.round(rate * seconds);
  const lateness = [];
  try {
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait >= 1) await sleep(wait);
      const { eventId } = await engine.ingest({
        tenantId: TENANT,
        type: "lead.received",
        payload: { name: `Lead ${i}`, amount: (i * 37) % 1000 },
      });
      const at = performance.now();
      if (i >= warmUp) {
        accepted.set(eventId, at);
        lateness.push(at - due);
      }
      loop.kick();
    }
    const sent = performance.now() - started;
    if (tickErrors.length > 0) throw tickErrors[0];
    const deadline = performance.now() + 60_000;
    while ([...accepted.keys()].some((id) => !firstEffect.has(id))) {
      if (tickErrors.length > 0) throw tickErrors[0];
      if (performance.now() > deadline) throw new Error("some events had no effect within 60 s");
      await sleep(20);
    }
    const latencies = [...accepted].map(([id, at]) => firstEffect.get(id) - at).sort((a, b) => a - b);
    return {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      lateP99: percentile(
        lateness.sort((a, b) => a - b),
        99,
      ),
      achievedRate: total / (sent / 1000),
      events: latencies.length,
    };
  } finally {
    await loop.stop();
    await engine.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Medians over `repeats` loads (a fresh database each) of p50, p99 at each offered rate. */
export async function benchLatency({ rates = [200, 400], seconds = 5, warmUpSeconds = 1, repeats = 3 } = {}) {
  const atRates = [];
  for (const rate of rates) {
    const runs = [];
    for (let i = 0; i < repeats; i++) runs.push(await latencyAt(rate, seconds, warmUpSeconds));
    atRates.push({
      offeredEventsPerSecond: rate,
      sentEventsPerSecond: Math.round(median(runs.map((r) => r.achievedRate))),
      p50Ms: round(median(runs.map((r) => r.p50))),
      p99Ms: round(median(runs.map((r) => r.p99))),
      sendLatenessP99Ms: round(median(runs.map((r) => r.lateP99))),
      eventsMeasured: runs[0].events,
    });
  }
  return {
    firstEffect: "the commit of the run's record write (step `save`) returned",
    rates: atRates,
    seconds,
    repeats,
  };
}
