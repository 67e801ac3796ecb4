/**
 * Why a script call failed. Stable: engines, the editor and users match on these codes, and
 * docs/sandbox.md documents each one. Add codes; never rename or reuse one.
 */
export type SandboxErrorCode =
  | "sandbox/timeout"
  | "sandbox/out-of-memory"
  | "sandbox/script-error"
  | "sandbox/syntax-error"
  | "sandbox/no-run-function"
  | "sandbox/invalid-output"
  | "sandbox/crashed"
  | "sandbox/capability-denied";

/**
 * A failed call, as a plain serialisable value: it crosses worker threads and is stored in run
 * history, so identity is by `code`, never `instanceof`. `line`/`column` are 1-based positions in
 * the script's source, present when QuickJS reports one.
 */
export interface SandboxError {
  code: SandboxErrorCode;
  message: string;
  hint: string;
  line?: number;
  column?: number;
}

/** What each code means for the script's author: the default hint. */
export const SANDBOX_ERROR_HINTS: Readonly<Record<SandboxErrorCode, string>> = Object.freeze({
  "sandbox/timeout":
    "Make the script do less work per call (look for loops that never end), or raise limits.timeoutMs.",
  "sandbox/out-of-memory":
    "Build smaller arrays and strings (process data in pieces), or raise limits.memoryMiB (at most 256).",
  "sandbox/script-error": "Fix the error at the reported line, or catch it inside run().",
  "sandbox/syntax-error": "Fix the syntax at the reported line and column.",
  "sandbox/no-run-function":
    "Define the entry point as `export function run(input, config) { ... }` (or a top-level `function run`).",
  "sandbox/invalid-output":
    "Return only JSON values (objects, arrays, strings, finite numbers, booleans, null) of at most 1 MiB.",
  "sandbox/crashed":
    "The sandbox failed, not the script's logic; the call can be retried. If it repeats with this script, report it with the script attached.",
  "sandbox/capability-denied":
    "Remove the capability from the component's manifest, or use only capabilities this version supports: log.",
});

/** Build a `SandboxError`, with the code's default hint unless a more specific one is given. */
export function sandboxError(
  code: SandboxErrorCode,
  message: string,
  extra: { hint?: string; line?: number; column?: number } = {},
): SandboxError {
  const error: SandboxError = { code, message, hint: extra.hint ?? SANDBOX_ERROR_HINTS[code] };
  if (extra.line !== undefined) error.line = extra.line;
  if (extra.column !== undefined) error.column = extra.column;
  return error;
}

/** True for a value shaped like a `SandboxError`, e.g. one read back from run history. */
export function isSandboxError(value: unknown): value is SandboxError {
  if (typeof value !== "object" || value === null) return false;
  const { code, message, hint } = value as Record<string, unknown>;
  return (
    typeof code === "string" &&
    Object.hasOwn(SANDBOX_ERROR_HINTS, code) &&
    typeof message === "string" &&
    typeof hint === "string"
  );
}
