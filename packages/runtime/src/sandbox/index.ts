/**
 * The script sandbox: runs untrusted JavaScript from custom script components in QuickJS compiled
 * to WebAssembly, on a pool of worker threads.
 *
 * Each call gets a fresh context inside a fixed-size WebAssembly memory (the memory wall), a CPU
 * deadline enforced twice (QuickJS's interrupt handler, then a host watchdog that terminates the
 * worker), no host access beyond the capabilities its manifest declares, and crash isolation: a
 * worker that dies fails only its own call and is replaced. Failures are plain `SandboxError`
 * values with stable codes. See docs/sandbox.md for the threat model and the measurements behind
 * these choices.
 */
export { IMPLEMENTED_CAPABILITIES } from "./capabilities.js";
export { isSandboxError, SANDBOX_ERROR_HINTS, type SandboxError, type SandboxErrorCode } from "./errors.js";
export {
  DEFAULT_LIMITS,
  MAX_MEMORY_MIB,
  MAX_OUTPUT_BYTES,
  MIN_MEMORY_MIB,
  type ScriptLimits,
} from "./limits.js";
export { createSandbox, type Sandbox, type ScriptCall, type ScriptResult } from "./sandbox.js";
