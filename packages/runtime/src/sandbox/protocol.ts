import type { GuestHelpers } from "./guest-helpers.js";
import type { ScriptType } from "./script-source.js";

/**
 * Messages between the pool (host) and a sandbox worker. The worker reports facts about what
 * happened; the host decides what they mean (classify.ts). That keeps policy in typed, tested
 * code and the worker (a plain-JS string, see worker-source.ts) mechanical.
 */

/** Settings fixed for a worker's lifetime, passed as `workerData`. */
export interface WorkerBoot {
  /** Absolute `file:` URLs resolved on the host, so the worker never resolves packages itself. */
  readonly coreUrl: string;
  readonly variantUrl: string;
  readonly wasmUrl: string;
  /** Memory size of the module built at start-up, so the first call with default limits is warm. */
  readonly warmPages: number;
  /** Guest-side helpers evaluated inside each call's context (guest-helpers.ts). */
  readonly helpers: GuestHelpers;
  /** The name the script's source gets in stack traces. */
  readonly scriptFileName: string;
  readonly quickjsStackBytes: number;
  readonly maxLogLines: number;
  readonly maxLogLineChars: number;
  readonly maxOutputBytes: number;
  /** Longest error description (JSON text) the worker copies out of the guest. */
  readonly maxErrorChars: number;
  /** Extra time given to describe a thrown value after the script's own deadline has passed. */
  readonly describeGraceMs: number;
}

/** One script call. Input and config travel as JSON text: copied in, never shared. */
export interface RunRequest {
  readonly kind: "run";
  readonly id: number;
  readonly source: string;
  readonly scriptType: ScriptType;
  readonly inputJson: string;
  readonly configJson: string;
  readonly memoryPages: number;
  readonly timeoutMs: number;
  /** Already granted by the host; the worker installs exactly these. */
  readonly capabilities: readonly string[];
}

/**
 * Where a failed call stopped:
 * - `input`: copying input/config into the guest;
 * - `syntax`: the source does not parse (confirmed by a compile-only pass);
 * - `evaluate`: top-level code threw, or a module import was refused;
 * - `lookup`: there is no `run` function;
 * - `run`: `run()` threw, rejected, or returned a promise that never settled;
 * - `output`: the result is not JSON or is too large.
 */
export type Stage = "input" | "syntax" | "evaluate" | "lookup" | "run" | "output";

/** What the worker saw. */
export type RunFacts =
  | { readonly kind: "ok"; readonly outputJson: string }
  | {
      readonly kind: "failed";
      readonly stage: Stage;
      /** JSON text describing the thrown value (see guest-helpers.ts `describe`), when one could be read. */
      readonly thrown?: string;
      /** For `lookup`: what `typeof run` was. */
      readonly runType?: string;
      /** For `run`: the returned promise was still pending with no jobs left to run. */
      readonly pending?: boolean;
      /** For `output`: the size in UTF-8 bytes, when the output was too large. */
      readonly outputBytes?: number;
    };

/** The worker's answer to one `RunRequest`. */
export interface RunReply {
  readonly kind: "result";
  readonly id: number;
  readonly facts: RunFacts;
  /** The deadline interrupt fired while the script's own code was running. */
  readonly interrupted: boolean;
  /** An allocation failed because the fixed WebAssembly memory was full. */
  readonly heapExhausted: boolean;
  readonly logs: readonly string[];
}

/** Sent once the worker has loaded QuickJS and can take calls. */
export interface ReadyMessage {
  readonly kind: "ready";
}

/** Anything a worker posts to the host. */
export type WorkerMessage = RunReply | ReadyMessage;
