import type { DiagnosticCode } from "./codes.js";

/** A position in a source file; line and column are 1-based, end is exclusive. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

/** A path into a parsed definition: property names and list indexes, from the document root. */
export type DataPath = readonly (string | number)[];

/**
 * One problem found in a definition. Every problem a user can cause is reported this way, as a
 * value: what is wrong (`message`), where (`location`, `path`) and how to fix it (`hint`).
 */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly hint: string;
  readonly location?: SourceLocation;
  /** Where in the definition the problem is, e.g. `["steps", 2, "next", 0, "to"]`. */
  readonly path?: DataPath;
}

/** Formats a path the way users read it: `steps[2].next[0].to`. */
export function formatPath(path: DataPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

/** `file:line:col CODE message` followed by an indented hint: the CLI's and the docs' format. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column}` : "";
  const severity = d.severity === "warning" ? " warning" : "";
  const head = `${where}${where ? " " : ""}${d.code}${severity} ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** True when any diagnostic is an error (warnings do not make a definition invalid). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Orders diagnostics by file, line and column, so output is stable. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const fa = a.location?.file ?? "";
    const fb = b.location?.file ?? "";
    if (fa !== fb) return fa < fb ? -1 : 1;
    return (
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0)
    );
  });
}
