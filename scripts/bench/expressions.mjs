// Expressions and the script sandbox: CEL evaluations per second on a planned (cached) program,
// and a warm QuickJS script step against the same function called directly.
import { compile, createSandbox, evaluate } from "@switchyard/runtime";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const CONDITION = "record.amount > 500.0 && record.region == 'east'";
const SCRIPT = "function run(input) { return { priority: input.amount > 500 ? 'high' : 'normal' }; }";
const direct = (input) => ({ priority: input.amount > 500 ? "high" : "normal" });
const records = Array.from({ length: 1_000 }, (_, i) => ({
  record: { amount: ((i * 37) % 1000) + 0.5, region: i % 3 ? "east" : "west" },
}));

/** Calls per second of `call(i)` over about `ms` milliseconds (synchronous calls). */
function rate(call, ms = 300) {
  let n = 0;
  let sink = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    for (let i = 0; i < 1_000; i++) sink += call(n + i) ? 1 : 0;
    n += 1_000;
  }
  if (sink < 0) throw new Error("unreachable");
  return n / ((performance.now() - started) / 1000);
}

/** How long the host works between two spaced sandbox calls. */
const SPACED_GAP_MS = 0.5;

/** Busy-waits `ms`: the host doing other work (an engine between two steps). */
function busy(ms) {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/**
 * Sequential warm sandbox calls per second, and their median latency; with `gapMs`, the host is
 * busy that long after each call, as an engine is between steps (the rate then counts the gaps).
 */
async function sandboxRate(sandbox, calls = 300, gapMs = 0) {
  const latencies = [];
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    if (gapMs > 0 && i > 0) busy(gapMs);
    const t = performance.now();
    const result = await sandbox.run({
      source: SCRIPT,
      input: records[i % records.length].record,
      config: null,
    });
    if (!result.ok) throw new Error(`the sandboxed script failed: ${result.error.message}`);
    latencies.push(performance.now() - t);
  }
  return { perSecond: calls / ((performance.now() - started) / 1000), medianMs: median(latencies) };
}

/** Medians of `repeats` runs of each figure. */
export async function benchExpressions(repeats = 3) {
  const program = compile(CONDITION);
  const planned = [];
  const viaEvaluate = [];
  const plain = [];
  const scripted = [];
  const spaced = [];
  for (let i = 0; i < repeats; i++) {
    planned.push(rate((n) => program(records[n % records.length])));
    viaEvaluate.push(rate((n) => evaluate(CONDITION, records[n % records.length])));
    plain.push(rate((n) => direct(records[n % records.length].record).priority === "high"));
  }
  const sandbox = createSandbox({ workers: 1 });
  try {
    await sandboxRate(sandbox, 50); // warm: worker started, QuickJS loaded
    for (let i = 0; i < repeats; i++) {
      scripted.push(await sandboxRate(sandbox));
      spaced.push(await sandboxRate(sandbox, 300, SPACED_GAP_MS));
    }
  } finally {
    await sandbox.close();
  }
  const script = {
    perSecond: median(scripted.map((s) => s.perSecond)),
    medianMs: median(scripted.map((s) => s.medianMs)),
  };
  const direct_ = median(plain);
  return {
    expression: CONDITION,
    celPlannedEvaluationsPerSecond: Math.round(median(planned)),
    celEvaluateCallsPerSecond: Math.round(median(viaEvaluate)),
    script: SCRIPT,
    sandboxWarmCallsPerSecond: Math.round(script.perSecond),
    sandboxWarmCallMedianMs: Number(script.medianMs.toFixed(3)),
    sandboxSpacedGapMs: SPACED_GAP_MS,
    sandboxSpacedCallMedianMs: Number(median(spaced.map((s) => s.medianMs)).toFixed(3)),
    plainFunctionCallsPerSecond: Math.round(direct_),
    plainVsSandbox: Math.round(direct_ / script.perSecond),
    repeats,
  };
}
