// `npm run bench`: every figure a median of several runs, every comparison a ratio of two figures
// measured in this same run. Prints a table and writes bench-results.json.
import { writeFileSync } from "node:fs";
import os from "node:os";
import { benchEngine } from "./engine.mjs";

const results = {
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  },
  at: new Date().toISOString(),
};
console.log("Switchyard benchmarks (medians of 3 runs; ratios from the same run)\n");
results.engine = await benchEngine();
const e = results.engine;
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
];
for (const [name, value] of rows) console.log(`${name.padEnd(72)} ${value}`);
writeFileSync("bench-results.json", `${JSON.stringify(results, null, 2)}\n`);
console.log("\nwrote bench-results.json");
