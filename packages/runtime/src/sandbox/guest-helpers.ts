/**
 * JavaScript the worker evaluates inside a call's QuickJS context to copy values in and out.
 * Each snippet evaluates to one function and defines no globals.
 *
 * Separate snippets, evaluated only when needed, because compiling is the cost that matters:
 * measured, one 3.9 KB prelude holding all of them took ~540 µs to compile per call, twice the
 * cost of creating the runtime and context; `serialize` alone takes ~60 µs. `serialize` and
 * `makeConsole` are evaluated before the script runs, so they hold the original `JSON` functions;
 * `describe` is evaluated only after a failure.
 *
 * The guest realm belongs to the script: whatever the script breaks there (a patched prototype,
 * a replaced `String`), it breaks only for itself. So these helpers aim for good messages, not
 * tamper-proofing; the worker checks everything it reads back (type and length before copying),
 * and the host parses every value again.
 */
export interface GuestHelpers {
  /** `(value) => string`: the output as JSON text, or a thrown TypeError/RangeError saying why not. */
  readonly serialize: string;
  /** `(thrown) => string`: JSON text `{ type, name, message, stack, fileName, lineNumber }`. */
  readonly describe: string;
  /** `(hostLog) => console`: a frozen console whose methods send one formatted line to `hostLog`. */
  readonly makeConsole: string;
}

/** The limits the helpers enforce or respect, written into their source. */
export interface HelperLimits {
  readonly maxOutputBytes: number;
  readonly maxLogLineChars: number;
  /** Longest name/message/stack kept when describing a thrown value. */
  readonly maxErrorFieldChars: number;
}

// Shared by the snippets that need it: cut a string to max characters, ending with "…".
const CUT = `const cut = (text, max) => (text.length > max ? text.slice(0, max - 1) + "\\u2026" : text);
  const safeText = (value, max) => {
    try { return value === undefined ? "" : cut(String(value), max); } catch { return ""; }
  };`;

/** The helper snippets, with the limits written in. */
export function guestHelpers(limits: HelperLimits): GuestHelpers {
  return {
    serialize: `(() => {
  "use strict";
  const stringify = JSON.stringify;
  const isFiniteNumber = Number.isFinite;
  const kindOf = (value) => {
    if (typeof value === "function") return "a function";
    if (typeof value === "symbol") return "a symbol";
    if (typeof value === "bigint") return "a BigInt (convert it to a string or number)";
    return String(value) + " (JSON has no NaN or Infinity)";
  };
  // JSON.stringify would silently drop functions and symbols and turn NaN into null: refuse them
  // so a mistake shows up here, not as missing data three steps later.
  return function serialize(value) {
    let problem;
    let root = true;
    let json;
    try {
      json = stringify(value, function (key, item) {
        const atRoot = root;
        root = false;
        if (problem !== undefined) return undefined;
        const type = typeof item;
        if (type === "function" || type === "symbol" || type === "bigint" || (type === "number" && !isFiniteNumber(item))) {
          problem = atRoot ? "run() returned " + kindOf(item) : "The output contains " + kindOf(item) + " at key " + stringify(key);
          return undefined;
        }
        return item;
      });
    } catch (error) {
      if (error instanceof TypeError) throw new TypeError("The output cannot be serialised as JSON: " + error.message);
      throw error;
    }
    if (problem !== undefined) throw new TypeError(problem + ".");
    if (typeof json !== "string") throw new TypeError("run() returned undefined; return null when there is nothing to return.");
    if (json.length > ${limits.maxOutputBytes}) {
      throw new RangeError("The output is " + json.length + " characters of JSON, more than the limit of ${limits.maxOutputBytes} bytes (1 MiB).");
    }
    return json;
  };
})()`,

    describe: `(() => {
  "use strict";
  ${CUT}
  const max = ${limits.maxErrorFieldChars};
  return function describe(thrown) {
    const info = { type: typeof thrown, name: "", message: "", stack: "", fileName: "", lineNumber: 0 };
    if (thrown === null || (typeof thrown !== "object" && typeof thrown !== "function")) {
      info.message = safeText(thrown, max);
      return JSON.stringify(info);
    }
    try {
      info.name = safeText(thrown.name, max);
      info.message = safeText(thrown.message, max);
      info.stack = safeText(thrown.stack, max);
      info.fileName = safeText(thrown.fileName, max);
      const line = thrown.lineNumber;
      info.lineNumber = typeof line === "number" && Number.isFinite(line) ? line : 0;
      if (info.name === "" && info.message === "") {
        let json;
        try { json = JSON.stringify(thrown); } catch {}
        info.message = safeText(json === undefined ? thrown : json, max);
      }
    } catch {
      info.message = "(the thrown value could not be read)";
    }
    return JSON.stringify(info);
  };
})()`,

    makeConsole: `(() => {
  "use strict";
  ${CUT}
  const stringify = JSON.stringify;
  const max = ${limits.maxLogLineChars};
  const format = (value) => {
    if (typeof value === "string") return value;
    if (value === undefined) return "undefined";
    try {
      const json = stringify(value);
      if (typeof json === "string" && typeof value === "object") return json;
    } catch {}
    return safeText(value, max) || "[unprintable]";
  };
  return function makeConsole(hostLog) {
    const method = (prefix) => function (...args) {
      let line = prefix;
      for (let i = 0; i < args.length && line.length <= max; i++) line += (i === 0 ? "" : " ") + format(args[i]);
      hostLog(cut(line, max));
    };
    return Object.freeze({ log: method(""), info: method(""), debug: method(""), warn: method("[warn] "), error: method("[error] ") });
  };
})()`,
  };
}
