/** How the script's source is evaluated. */
export type ScriptType = "module" | "global";

/** The file name QuickJS gives the script in stack traces; positions are read back from it. */
export const SCRIPT_FILE_NAME = "script.js";

// A line that starts with `import`/`export` (not `import(`/`import.meta`, which scripts may use).
const MODULE_LINE = /^[ \t]*(?:export\b|import\b(?!\s*[(.]))/m;

/**
 * Evaluate as an ES module when a line starts with `export` or `import`, else as a plain script.
 * QuickJS's own detection looks only at the first token, so a script that declares a helper before
 * `export function run` would be misread as a plain script and fail to parse.
 */
export function scriptType(source: string): ScriptType {
  return MODULE_LINE.test(source) ? "module" : "global";
}
