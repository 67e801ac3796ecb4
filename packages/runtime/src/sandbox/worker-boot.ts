import { guestHelpers } from "./guest-helpers.js";
import {
  DEFAULT_LIMITS,
  MAX_LOG_LINE_CHARS,
  MAX_LOG_LINES,
  MAX_OUTPUT_BYTES,
  QUICKJS_STACK_BYTES,
  resolveLimits,
} from "./limits.js";
import type { WorkerBoot } from "./protocol.js";
import { SCRIPT_FILE_NAME } from "./script-source.js";

const MAX_ERROR_FIELD_CHARS = 2000;

/**
 * Everything a worker needs, resolved once on the host. Package locations are resolved here,
 * relative to this module, because an `eval` worker has no module location of its own; this
 * works from `src/` under vitest and from `dist/` alike.
 */
export function workerBoot(): WorkerBoot {
  return {
    coreUrl: import.meta.resolve("quickjs-emscripten-core"),
    variantUrl: import.meta.resolve("@jitl/quickjs-wasmfile-release-sync"),
    wasmUrl: import.meta.resolve("@jitl/quickjs-wasmfile-release-sync/wasm"),
    warmPages: resolveLimits(DEFAULT_LIMITS).memoryPages,
    helpers: guestHelpers({
      maxOutputBytes: MAX_OUTPUT_BYTES,
      maxLogLineChars: MAX_LOG_LINE_CHARS,
      maxErrorFieldChars: MAX_ERROR_FIELD_CHARS,
    }),
    scriptFileName: SCRIPT_FILE_NAME,
    quickjsStackBytes: QUICKJS_STACK_BYTES,
    maxLogLines: MAX_LOG_LINES,
    maxLogLineChars: MAX_LOG_LINE_CHARS,
    maxOutputBytes: MAX_OUTPUT_BYTES,
    // Four text fields of at most 2,000 characters, each escaping to at most 6 in JSON, plus keys.
    maxErrorChars: 4 * 6 * MAX_ERROR_FIELD_CHARS + 1024,
    describeGraceMs: 100,
  };
}
