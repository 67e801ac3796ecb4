import { SwitchyardError } from "@switchyard/definitions";

/** The resources one script call may use. Both are hard walls, not hints. */
export interface ScriptLimits {
  /** Size of the call's WebAssembly memory, in MiB: rounded up to whole 64 KiB pages, clamped to 16–256. */
  memoryMiB: number;
  /** Wall-clock budget for the call, in milliseconds: parsing input, evaluating, running, serialising. */
  timeoutMs: number;
}

/** What a call gets when it does not say otherwise. */
export const DEFAULT_LIMITS: Readonly<ScriptLimits> = Object.freeze({ memoryMiB: 32, timeoutMs: 1000 });

/** A WebAssembly page. Memory is allocated in whole pages. */
export const WASM_PAGE_BYTES = 64 * 1024;

/**
 * The QuickJS build declares a 16 MiB initial memory (its 5 MiB C stack and static data live
 * there too), so a smaller memory fails to instantiate.
 */
export const MIN_MEMORY_MIB = 16;
/** The largest memory a call may ask for: with two workers the host holds at most 512 MiB of script memory. */
export const MAX_MEMORY_MIB = 256;
/** Ten minutes: a longer budget is a mistake, and larger values would overflow Node's timers. */
export const MAX_TIMEOUT_MS = 10 * 60 * 1000;

/** Largest serialised output (UTF-8 bytes of its JSON text). */
export const MAX_OUTPUT_BYTES = 1024 * 1024;
/** Log lines kept per call; later lines are dropped. */
export const MAX_LOG_LINES = 100;
/** Characters kept per log line; longer lines are cut and end with "…". */
export const MAX_LOG_LINE_CHARS = 1000;

/**
 * How long the host waits beyond `timeoutMs` before it terminates a worker that has not answered.
 * QuickJS checks its deadline between bytecodes, but a single built-in call (a huge `join`,
 * `replaceAll` or `JSON.stringify`) can run for seconds without checking; the watchdog covers that.
 */
export const WATCHDOG_GRACE_MS = 1000;

/**
 * Native stack of a worker thread, and the QuickJS stack budget inside it. QuickJS measures its
 * own (WebAssembly shadow) stack, but every interpreted frame also uses native stack for the
 * WebAssembly frames, and the parser uses 16-32x more native than shadow stack. Measured: with a
 * 1 MiB QuickJS budget, 100,000 nested brackets overflowed a 16 MiB native stack (a V8
 * RangeError that leaves the module broken) but ended in QuickJS's own "stack overflow" error
 * with 32 and 64 MiB. 64 MiB keeps a 2x margin; the memory is reserved, not committed, until used.
 * 1 MiB allows about 5,000 levels of plain recursion.
 */
export const WORKER_STACK_MIB = 64;
/** QuickJS's own stack limit per call; see `WORKER_STACK_MIB` for how the two are sized together. */
export const QUICKJS_STACK_BYTES = 1024 * 1024;

/** Limits after defaults, rounding and clamping: what the worker enforces. */
export interface ResolvedLimits {
  readonly memoryPages: number;
  /** `memoryPages` in MiB, possibly fractional: what error messages report. */
  readonly memoryMiB: number;
  readonly timeoutMs: number;
}

/**
 * Fill in defaults, round memory up to whole pages and clamp both limits to their ranges.
 * A limit that is not a positive finite number is a bug in the caller, not in the script, so it
 * throws (`sandbox/invalid-limits`) instead of becoming a script result.
 */
export function resolveLimits(limits: Partial<ScriptLimits> | undefined): ResolvedLimits {
  const memoryMiB = positive("memoryMiB", limits?.memoryMiB ?? DEFAULT_LIMITS.memoryMiB);
  const timeoutMs = positive("timeoutMs", limits?.timeoutMs ?? DEFAULT_LIMITS.timeoutMs);
  const pages = Math.ceil((memoryMiB * 1024 * 1024) / WASM_PAGE_BYTES);
  const memoryPages = clamp(pages, pagesOf(MIN_MEMORY_MIB), pagesOf(MAX_MEMORY_MIB));
  return {
    memoryPages,
    memoryMiB: (memoryPages * WASM_PAGE_BYTES) / (1024 * 1024),
    timeoutMs: clamp(Math.ceil(timeoutMs), 1, MAX_TIMEOUT_MS),
  };
}

function positive(name: keyof ScriptLimits, value: unknown): number {
  if (typeof value === "number" && Number.isFinite(value) && value > 0) return value;
  throw new SwitchyardError(
    "sandbox/invalid-limits",
    `limits.${name} must be a positive number, got ${String(value)}.`,
    {
      category: "bug",
      hint: `Leave limits.${name} out to use the default (${DEFAULT_LIMITS[name]}).`,
    },
  );
}

function pagesOf(mib: number): number {
  return (mib * 1024 * 1024) / WASM_PAGE_BYTES;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
