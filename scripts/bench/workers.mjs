// Scale-out on PostgreSQL: five-step runs per second with 1, 2 and 4 `switchyard worker` processes
// sharing one database (a throwaway cluster on 127.0.0.1, as the tests start one). The backlog is
// ingested first; the clock runs from the workers' start until every run has completed.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Engine, Lifecycle } from "@switchyard/runtime";
import { openStore } from "@switchyard/store";
import { createDatabase, PostgresNotInstalledError, startTestCluster } from "@switchyard/store/testing";
import { ingestFiveStep, sourcesOf } from "./five-step.mjs";

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../apps/cli/bin/switchyard.js");
const TENANT = "bench";
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs/s for `workers` processes draining a backlog of `events` five-step events. */
async function drainRate(clusterUrl, workers, events) {
  const url = await createDatabase(clusterUrl);
  const store = await openStore(url);
  try {
    await store.ensureTenant(TENANT, "Bench");
    const engine = new Engine({ store });
    await new Lifecycle({ engine, store }).whitelistBuiltins(TENANT, "bench");
    const deployed = await engine.deploy(TENANT, sourcesOf(), "bench");
    if (!deployed.ok) throw new Error("bench project invalid");
    await ingestFiveStep(engine, events, { tenantId: TENANT });
    const started = performance.now();
    const processes = Array.from({ length: workers }, (_, i) =>
      spawn(process.execPath, [CLI, "worker"], {
        env: { ...process.env, DATABASE_URL: url, SWITCHYARD_WORKER_ID: `bench-${i}`, LOG_LEVEL: "warn" },
        stdio: "ignore",
      }),
    );
    try {
      for (;;) {
        const done = (await store.listRuns({ tenantId: TENANT, status: "completed", limit: events + 1 }))
          .length;
        if (done >= events) break;
        if (performance.now() - started > 300_000)
          throw new Error(`only ${done} of ${events} runs completed`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return events / ((performance.now() - started) / 1000);
    } finally {
      for (const p of processes) p.kill("SIGKILL");
    }
  } finally {
    await store.close();
  }
}

/** 1, 2 and 4 workers, interleaved repeats; the ratios are to one worker in the same run. */
export async function benchWorkers(events = 1_500, repeats = 3) {
  let cluster;
  try {
    cluster = await startTestCluster();
  } catch (error) {
    if (error instanceof PostgresNotInstalledError) return { skipped: `not measured: ${error.message}` };
    throw error;
  }
  try {
    const counts = [1, 2, 4];
    const rates = new Map(counts.map((c) => [c, []]));
    for (let r = 0; r < repeats; r++)
      for (const c of counts) rates.get(c).push(await drainRate(cluster.url, c, events));
    const one = median(rates.get(1));
    return {
      events,
      repeats,
      levels: counts.map((c) => ({
        workers: c,
        runsPerSecond: Math.round(median(rates.get(c))),
        vsOneWorker: Number((median(rates.get(c)) / one).toFixed(2)),
      })),
    };
  } finally {
    await cluster.stop();
  }
}
