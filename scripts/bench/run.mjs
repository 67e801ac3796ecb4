// `npm run bench`: every figure a median of several runs, every comparison a ratio of two figures
// measured in this same run. Prints a table and writes bench-results.json.
import { writeFileSync } from "node:fs";
import os from "node:os";
import { benchEngine } from "./engine.mjs";
import { benchExpressions } from "./expressions.mjs";
import { benchHttp } from "./http.mjs";
import { benchLatency } from "./latency.mjs";
import { benchScaling } from "./scaling.mjs";
import { benchShadow } from "./shadow.mjs";
import { benchStudio } from "./studio.mjs";
import { benchWorkers } from "./workers.mjs";

const results = {
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  },
  at: new Date().toISOString(),
};
console.log("Switchyard benchmarks (medians of 3 runs, shadow and scaling 5; ratios from the same run)\n");
console.log("HTTP rows: autocannon, 10 connections to 127.0.0.1, 5 s per run, from a child process\n");
results.engine = await benchEngine();
results.scaling = await benchScaling();
results.latency = await benchLatency();
results.shadow = await benchShadow();
results.studio = await benchStudio();
results.expressions = await benchExpressions();
results.http = await benchHttp();
results.workers = await benchWorkers();
const e = results.engine;
const s = results.shadow;
const x = results.expressions;
const h = results.http;
const n = (value) => value.toLocaleString("en");
/** "2,300 req/s, p99 12 ms" for a load target, or why it was not measured. */
const served = (target) => target?.skipped ?? `${n(target.requestsPerSecond)} req/s, p99 ${target.p99Ms} ms`;
const ratioOf = (ratio) => (ratio === null ? "not measured" : `${ratio}`);
const ratiosOf = (onDisk, onTmpfs) => `${ratioOf(onDisk)} / ${ratioOf(onTmpfs)}`;
const rows = [
  [
    "raw better-sqlite3, 1 row per transaction (WAL, synchronous=NORMAL)",
    `${e.rawSingleRowTransactionsPerSecond.toLocaleString("en")} tx/s`,
  ],
  [
    "engine, five-step workflow, every step committed",
    `${e.engineStepsPerSecond.toLocaleString("en")} steps/s`,
  ],
  ["engine, five-step workflow", `${e.engineRunsPerSecond.toLocaleString("en")} runs/s`],
  ["steps/s ÷ raw single-row transactions/s", `${e.stepsVsRawInsert}`],
  ...results.scaling.levels.map((level) => [
    `engine, five-step workflow, ${n(level.storedRuns)} runs (and their rows) already stored`,
    `${n(level.runsPerSecond)} runs/s (${level.cpuMsPerRun} ms CPU` +
      (level.writtenKiBPerRun === null ? ")" : `, ${n(level.writtenKiBPerRun)} KiB written per run)`),
  ]),
  [
    `runs/s: ${n(results.scaling.levels.at(-1).storedRuns)} stored ÷ ${n(results.scaling.levels[0].storedRuns)} stored`,
    `${results.scaling.lastVsFirst}`,
  ],
  ...results.latency.rates.map((r) => [
    `engine loop, ${r.offeredEventsPerSecond} events/s offered: event accepted → record write committed`,
    `p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`,
  ]),
  ["engine, five-step workflow live alone", `${s.liveEventsPerSecond.toLocaleString("en")} events/s`],
  [
    "engine, same stream with a changed copy running as shadow",
    `${s.liveWithShadowEventsPerSecond.toLocaleString("en")} events/s`,
  ],
  ["events/s: shadow+live ÷ live", `${s.shadowPlusLiveVsLive}`],
  [
    "studio, open a 1,000-step workflow in Chromium (parse, layout, first render)",
    results.studio.skipped ?? `${results.studio.openThousandStepWorkflowMs.toLocaleString("en")} ms`,
  ],
  [`CEL, planned: ${x.expression}`, `${n(x.celPlannedEvaluationsPerSecond)} evaluations/s`],
  [
    "CEL, same through evaluate() (program cache lookup, value conversion)",
    `${n(x.celEvaluateCallsPerSecond)} evaluations/s`,
  ],
  [
    "script step in a warm QuickJS sandbox, one call at a time",
    `${n(x.sandboxWarmCallsPerSecond)} calls/s (median ${x.sandboxWarmCallMedianMs} ms)`,
  ],
  [
    `same, the host busy ${x.sandboxSpacedGapMs} ms between calls (as an engine between steps)`,
    `median ${x.sandboxSpacedCallMedianMs} ms per call`,
  ],
  ["same logic as a plain function call", `${n(x.plainFunctionCallsPerSecond)} calls/s`],
  ["plain function calls/s ÷ sandbox calls/s", `${n(x.plainVsSandbox)}`],
  ...(h.skipped
    ? [["HTTP ingestion under autocannon", h.skipped]]
    : [
        ["HTTP, Switchyard POST /api/events (token, validation, durable inbox write)", served(h.switchyard)],
        [
          "HTTP, same Switchyard, data directory on tmpfs (nothing reaches a disk)",
          served(h.switchyardOnTmpfs),
        ],
        ["HTTP, bare Express 5 endpoint, same JSON parse (this machine's ceiling)", served(h.bareExpress)],
        ["HTTP, Node-RED 4: HTTP in → switch → change → response (persists nothing)", served(h.nodeRed)],
        ["req/s: Switchyard on disk ÷ on tmpfs", ratioOf(h.switchyardVsSwitchyardOnTmpfs)],
        [
          "req/s: Switchyard ÷ bare Express (on disk / on tmpfs)",
          ratiosOf(h.switchyardVsBareExpress, h.switchyardOnTmpfsVsBareExpress),
        ],
        [
          "req/s: Switchyard ÷ Node-RED (on disk / on tmpfs)",
          ratiosOf(h.switchyardVsNodeRed, h.switchyardOnTmpfsVsNodeRed),
        ],
        [
          "n8n (not installed: its install fetches from a vendor CDN)",
          `published: ${h.n8n.publishedExecutionsPerSecond} executions/s`,
        ],
      ]),
  ...(results.workers.skipped
    ? [["PostgreSQL workers", results.workers.skipped]]
    : results.workers.levels.map((level) => [
        `PostgreSQL, ${level.workers} worker process${level.workers > 1 ? "es" : ""}, five-step backlog`,
        `${n(level.runsPerSecond)} runs/s (×${level.vsOneWorker} of one worker)`,
      ])),
];
for (const [name, value] of rows) console.log(`${name.padEnd(76)} ${value}`);
writeFileSync("bench-results.json", `${JSON.stringify(results, null, 2)}\n`);
console.log("\nwrote bench-results.json");
