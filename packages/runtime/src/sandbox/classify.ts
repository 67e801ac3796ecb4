import { type SandboxError, sandboxError } from "./errors.js";
import { MAX_OUTPUT_BYTES, type ResolvedLimits } from "./limits.js";
import type { RunFacts, RunReply } from "./protocol.js";
import { SCRIPT_FILE_NAME } from "./script-source.js";

/** A thrown value as the guest described it (guest-helpers.ts `describe`), after validation. */
export interface ThrownValue {
  readonly type: string;
  readonly name: string;
  readonly message: string;
  readonly stack: string;
  readonly fileName: string;
  readonly lineNumber: number;
}

type Failed = Extract<RunFacts, { kind: "failed" }>;

/**
 * Read the worker's description of a thrown value. It was written by guest code the script can
 * tamper with, so every field is checked; anything malformed reads as "no description".
 */
export function parseThrown(json: string | undefined): ThrownValue | undefined {
  if (json === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const text = (key: string): string => (typeof record[key] === "string" ? record[key] : "");
  const line = record.lineNumber;
  return {
    type: text("type"),
    name: text("name"),
    message: text("message"),
    stack: text("stack"),
    fileName: text("fileName"),
    lineNumber: typeof line === "number" && Number.isInteger(line) && line > 0 ? line : 0,
  };
}

const FRAME_IN_SCRIPT = new RegExp(`${SCRIPT_FILE_NAME.replace(/[.]/g, "\\.")}:(\\d+)(?::(\\d+))?`);

/** Where in the script a thrown value points: its first stack frame in the script's own source. */
export function scriptPosition(thrown: ThrownValue | undefined): { line?: number; column?: number } {
  if (thrown === undefined) return {};
  const frame = FRAME_IN_SCRIPT.exec(thrown.stack);
  if (frame?.[1] !== undefined) {
    return frame[2] === undefined
      ? { line: Number(frame[1]) }
      : { line: Number(frame[1]), column: Number(frame[2]) };
  }
  return thrown.fileName === SCRIPT_FILE_NAME && thrown.lineNumber > 0 ? { line: thrown.lineNumber } : {};
}

/**
 * QuickJS's own out-of-memory errors. "string too long" counts: QuickJS refuses strings over
 * 2^30 characters, at least 1 GiB, which no memory limit (at most 256 MiB) could hold.
 */
export function isOutOfMemory(thrown: ThrownValue | undefined): boolean {
  if (thrown === undefined || thrown.name !== "InternalError") return false;
  return thrown.message.startsWith("out of memory") || thrown.message === "string too long";
}

/** Decide what a failed call means, from what the worker saw. Timeouts and memory win over the stage. */
export function classifyFailure(reply: RunReply & { facts: Failed }, limits: ResolvedLimits): SandboxError {
  const { facts } = reply;
  const thrown = parseThrown(facts.thrown);
  const position = scriptPosition(thrown);
  if (reply.interrupted) {
    // No position: QuickJS reports 1:1 for an interrupt wherever the loop really is (measured).
    return sandboxError(
      "sandbox/timeout",
      `The script did not finish within its time limit of ${limits.timeoutMs} ms.`,
    );
  }
  if (reply.heapExhausted || isOutOfMemory(thrown)) {
    const message =
      facts.stage === "input"
        ? `The input and config do not fit in the script's memory limit of ${limits.memoryMiB} MiB.`
        : `The script ran out of memory (its limit is ${limits.memoryMiB} MiB).`;
    return sandboxError("sandbox/out-of-memory", message, position);
  }
  switch (facts.stage) {
    case "input":
      return sandboxError(
        "sandbox/script-error",
        sentence(`The input or config could not be copied into the sandbox: ${describe(thrown)}`),
        {
          hint: "Pass input and config that are nested less deeply.",
        },
      );
    case "syntax":
      // A module's compile-only pass also resolves its imports, so a refused import lands here too.
      if (thrown?.name !== "SyntaxError") return loadError(thrown, position);
      return sandboxError("sandbox/syntax-error", sentence(`Syntax error: ${thrown.message}`), position);
    case "evaluate":
      if (facts.pending) return neverSettled("The script's top-level await", position);
      return loadError(thrown, position);
    case "lookup":
      return noRunFunction(facts.runType, thrown);
    case "run":
      if (facts.pending) return neverSettled("The promise returned by run()", position);
      return scriptError(thrown, position);
    case "output":
      return sandboxError("sandbox/invalid-output", outputProblem(facts, thrown), position);
  }
}

/** The watchdog terminated the worker: the deadline passed inside a single long built-in call. */
export function watchdogTimeout(limits: ResolvedLimits): SandboxError {
  return sandboxError(
    "sandbox/timeout",
    `The script did not finish within its time limit of ${limits.timeoutMs} ms and was stopped by the host's watchdog.`,
    {
      hint: "A single built-in operation (such as join, replaceAll or JSON.stringify on a very large value) ran past the deadline. Work on smaller values, or raise limits.timeoutMs.",
    },
  );
}

/** The worker died under the call. */
export function crashed(reason: string): SandboxError {
  return sandboxError(
    "sandbox/crashed",
    `The sandbox worker stopped while running the script (${reason}); it has been replaced.`,
  );
}

/** "Error: boom" for error objects; otherwise what was thrown, e.g. `the string "boom"`. */
function describe(thrown: ThrownValue | undefined): string {
  if (thrown === undefined) return "a value that could not be read";
  if (thrown.name !== "") return thrown.message === "" ? thrown.name : `${thrown.name}: ${thrown.message}`;
  if (thrown.type === "string") return `the string ${JSON.stringify(thrown.message)}`;
  return thrown.message === "" ? thrown.type : thrown.message;
}

/** The message for a thrown value: the error itself, or "The script threw …" for anything else. */
function thrownMessage(thrown: ThrownValue | undefined): string {
  return sentence(
    thrown !== undefined && thrown.name !== "" ? describe(thrown) : `The script threw ${describe(thrown)}`,
  );
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function loadError(
  thrown: ThrownValue | undefined,
  position: { line?: number; column?: number },
): SandboxError {
  const what = thrown !== undefined && thrown.name !== "" ? describe(thrown) : `it threw ${describe(thrown)}`;
  return sandboxError("sandbox/script-error", sentence(`The script failed while loading: ${what}`), position);
}

function scriptError(
  thrown: ThrownValue | undefined,
  position: { line?: number; column?: number },
): SandboxError {
  if (thrown?.name === "InternalError" && thrown.message === "stack overflow") {
    return sandboxError("sandbox/script-error", "InternalError: stack overflow (recursion is too deep).", {
      ...position,
      hint: "Replace deep recursion with a loop, or limit its depth (the sandbox's stack is 1 MiB).",
    });
  }
  return sandboxError("sandbox/script-error", thrownMessage(thrown), position);
}

function neverSettled(what: string, position: { line?: number; column?: number }): SandboxError {
  return sandboxError(
    "sandbox/script-error",
    `${what} never settled: the sandbox has no timers or I/O that could settle it later.`,
    {
      ...position,
      hint: "Make sure every promise the script awaits is resolved or rejected by the script itself.",
    },
  );
}

function noRunFunction(runType: string | undefined, thrown: ThrownValue | undefined): SandboxError {
  if (thrown !== undefined)
    return sandboxError("sandbox/no-run-function", sentence(`Reading run failed: ${describe(thrown)}`));
  if (runType === undefined || runType === "undefined") {
    return sandboxError(
      "sandbox/no-run-function",
      "The script does not define a run(input, config) function.",
    );
  }
  return sandboxError("sandbox/no-run-function", `The script's run is a ${runType}, not a function.`);
}

function outputProblem(facts: Failed, thrown: ThrownValue | undefined): string {
  if (facts.outputBytes !== undefined) {
    return `The output is ${facts.outputBytes} bytes of JSON, more than the limit of ${MAX_OUTPUT_BYTES} bytes (1 MiB).`;
  }
  if (thrown === undefined) return "The output could not be read back as JSON text.";
  const ours = thrown.name === "TypeError" || thrown.name === "RangeError";
  return ours ? sentence(thrown.message) : sentence(`Serialising the output failed: ${describe(thrown)}`);
}
