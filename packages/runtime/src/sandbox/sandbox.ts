import { availableParallelism } from "node:os";
import { SwitchyardError } from "@switchyard/definitions";
import { grantCapabilities } from "./capabilities.js";
import { classifyFailure, crashed, watchdogTimeout } from "./classify.js";
import { type SandboxError, sandboxError } from "./errors.js";
import { type ResolvedLimits, resolveLimits, type ScriptLimits } from "./limits.js";
import { type PoolOutcome, WorkerPool } from "./pool.js";
import { scriptType } from "./script-source.js";
import { workerBoot } from "./worker-boot.js";

/** One script call: the source, the values it gets, and what it may use. */
export interface ScriptCall {
  /** JavaScript defining `run(input, config)`: `export function run` (a module) or a top-level `function run`. */
  source: string;
  /** Copied into the script as JSON; `undefined` arrives as `null`. */
  input: unknown;
  /** Copied into the script as JSON; `undefined` arrives as `null`. */
  config: unknown;
  limits?: Partial<ScriptLimits>;
  /** From the component's manifest. Only `log` exists today; anything else denies the call. */
  capabilities?: readonly string[];
}

/** How a call ended. `logs` and `durationMs` are there either way; `durationMs` excludes queueing. */
export type ScriptResult =
  | { ok: true; output: unknown; logs: string[]; durationMs: number }
  | { ok: false; error: SandboxError; logs: string[]; durationMs: number };

/** Runs untrusted scripts. Script failures are results, never rejections. */
export interface Sandbox {
  /**
   * Run one call in a fresh context. Rejects only for a caller's bug (`SwitchyardError` with code
   * `sandbox/invalid-limits`, `sandbox/invalid-input` or `sandbox/closed`).
   */
  run(call: ScriptCall): Promise<ScriptResult>;
  /** Terminate the workers. Calls still running end as `sandbox/crashed`. */
  close(): Promise<void>;
}

/**
 * Start a sandbox backed by a pool of worker threads (default: two, or one on a single-core
 * machine). Workers start immediately but do not keep the process alive while idle.
 */
export function createSandbox(options: { workers?: number } = {}): Sandbox {
  const workers = options.workers ?? Math.min(2, availableParallelism());
  if (!Number.isInteger(workers) || workers < 1) {
    throw new SwitchyardError(
      "sandbox/invalid-options",
      `workers must be a positive integer, got ${String(workers)}.`,
      {
        category: "bug",
      },
    );
  }
  return sandboxOnPool(new WorkerPool({ workers, boot: workerBoot() }));
}

/**
 * A sandbox over a given pool.
 * @internal For tests that need the pool itself (a short watchdog grace, simulated crashes).
 */
export function sandboxOnPool(pool: WorkerPool): Sandbox {
  let closed = false;
  return {
    async run(call) {
      if (closed) throw new SwitchyardError("sandbox/closed", "The sandbox is closed.", { category: "bug" });
      const limits = resolveLimits(call.limits);
      const inputJson = toJson(call.input, "input");
      const configJson = toJson(call.config, "config");
      const grant = grantCapabilities(call.capabilities);
      if ("denied" in grant) return { ok: false, error: grant.denied, logs: [], durationMs: 0 };
      const outcome = await pool.run({
        source: call.source,
        scriptType: scriptType(call.source),
        inputJson,
        configJson,
        memoryPages: limits.memoryPages,
        timeoutMs: limits.timeoutMs,
        capabilities: grant.granted,
      });
      return toResult(outcome, limits);
    },
    async close() {
      closed = true;
      await pool.close();
    },
  };
}

function toResult(outcome: PoolOutcome, limits: ResolvedLimits): ScriptResult {
  const { durationMs } = outcome;
  if (outcome.kind === "crashed") return { ok: false, error: crashed(outcome.reason), logs: [], durationMs };
  if (outcome.kind === "watchdog") return { ok: false, error: watchdogTimeout(limits), logs: [], durationMs };
  const { reply } = outcome;
  const logs = [...reply.logs];
  if (reply.facts.kind === "failed") {
    return { ok: false, error: classifyFailure({ ...reply, facts: reply.facts }, limits), logs, durationMs };
  }
  try {
    // Written by the guest's JSON.stringify, but the guest can replace that: parse defensively.
    return { ok: true, output: JSON.parse(reply.facts.outputJson), logs, durationMs };
  } catch {
    const error = sandboxError("sandbox/invalid-output", "The output could not be read back as JSON text.");
    return { ok: false, error, logs, durationMs };
  }
}

function toJson(value: unknown, name: "input" | "config"): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (cause) {
    throw new SwitchyardError("sandbox/invalid-input", `The script's ${name} cannot be serialised as JSON.`, {
      category: "bug",
      hint: `Pass plain data as ${name}: no cycles, BigInts or class instances with throwing toJSON.`,
      cause,
    });
  }
  return json ?? "null";
}
