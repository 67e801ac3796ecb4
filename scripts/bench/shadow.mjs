// Shadow overhead: the five-step workflow live alone against live with a changed copy running
// beside it as a shadow version, on the same stream, in one run (see docs/performance.md).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Engine, RecordingTransport } from "@switchyard/runtime";
import { openSqliteStore } from "@switchyard/store";
import { FIVE_STEP_PROJECT, ingestFiveStep, sourcesOf } from "./five-step.mjs";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The five-step workflow with one rule changed: what a shadow version would try out. */
const CHANGED_PROJECT = {
  ...FIVE_STEP_PROJECT,
  "intake.workflow.yaml": FIVE_STEP_PROJECT["intake.workflow.yaml"].replace(
    "record.amount > 500.0",
    "record.amount > 750.0",
  ),
};
if (CHANGED_PROJECT["intake.workflow.yaml"] === FIVE_STEP_PROJECT["intake.workflow.yaml"])
  throw new Error("the shadow copy of the five-step workflow did not change");

/**
 * Events fully processed per second (every run the event starts completed, every step committed):
 * the five-step workflow live, alone or with a changed copy running beside it as a shadow version.
 */
export async function shadowEventRate(withShadow, events = 1_000) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-"));
  const store = openSqliteStore(path.join(dir, "bench.db"));
  const transport = new RecordingTransport();
  const engine = new Engine({ store, transports: { email: transport, http: transport } });
  const live = await engine.deploy("bench", sourcesOf(), "bench");
  const shadow = withShadow
    ? await engine.deploy("bench", sourcesOf(CHANGED_PROJECT), "bench", { workflowsAs: "shadow" })
    : { ok: true, published: [{ kind: "workflow" }] };
  if (!live.ok || !shadow.ok || !shadow.published.some((p) => p.kind === "workflow"))
    throw new Error("bench project invalid");
  await ingestFiveStep(engine, events);
  const started = performance.now();
  await engine.drain();
  const seconds = (performance.now() - started) / 1000;
  const completed = async (mode) =>
    (await store.listRuns({ tenantId: "bench", status: "completed", mode, limit: events + 1 })).length;
  const liveRuns = await completed("live");
  const shadowRuns = await completed("shadow");
  await engine.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  if (liveRuns !== events || shadowRuns !== (withShadow ? events : 0))
    throw new Error(`${liveRuns} live and ${shadowRuns} shadow runs completed for ${events} events`);
  return events / seconds;
}

/** Live alone vs live + shadow on the same stream, interleaved so drift hits both alike. */
export async function benchShadow(repeats = 5) {
  const alone = [];
  const beside = [];
  for (let i = 0; i < repeats; i++) {
    alone.push(await shadowEventRate(false));
    beside.push(await shadowEventRate(true));
  }
  const live = median(alone);
  const both = median(beside);
  return {
    liveEventsPerSecond: Math.round(live),
    liveWithShadowEventsPerSecond: Math.round(both),
    shadowPlusLiveVsLive: Number((both / live).toFixed(3)),
    repeats,
  };
}
