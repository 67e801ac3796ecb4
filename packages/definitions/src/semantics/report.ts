import type { DataPath, Diagnostic, DiagnosticCode } from "../diagnostics/index.js";
import type { SourceDocument } from "../yaml/index.js";

/** Collects diagnostics for one definition, locating each by its path in the source. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly doc: SourceDocument,
    readonly base: DataPath,
  ) {}

  /**
   * The path in the file of a path in the definition being checked; undefined when the problem
   * is not this file's to report (see RemappedReporter).
   */
  fullPath(path: DataPath): DataPath | undefined {
    return [...this.base, ...path];
  }

  /** Reports at the value found at `path` (relative to the definition). */
  error(code: DiagnosticCode, path: DataPath, message: string, hint = ""): void {
    this.add("error", false, code, path, message, hint);
  }

  /** Reports at the key of the property at `path`, e.g. the name of a misplaced field. */
  errorAtKey(code: DiagnosticCode, path: DataPath, message: string, hint = ""): void {
    this.add("error", true, code, path, message, hint);
  }

  warning(code: DiagnosticCode, path: DataPath, message: string, hint = ""): void {
    this.add("warning", false, code, path, message, hint);
  }

  private add(
    severity: Diagnostic["severity"],
    atKey: boolean,
    code: DiagnosticCode,
    path: DataPath,
    message: string,
    hint: string,
  ): void {
    const full = this.fullPath(path);
    if (!full) return;
    const location = atKey ? this.doc.locateKey(full) : this.doc.locate(full);
    this.diagnostics.push({ code, severity, message, hint, location, path: full });
  }

  /** Adds diagnostics made elsewhere (e.g. by Ajv or the CEL checker). */
  push(...diagnostics: Diagnostic[]): void {
    this.diagnostics.push(...diagnostics);
  }
}

/**
 * Reports problems found in a derived definition (a variant resolved onto its baseline) at their
 * origin in the variant's file, and drops those that belong to the baseline's own file.
 */
export class RemappedReporter extends Reporter {
  constructor(
    private readonly target: Reporter,
    private readonly remap: (path: DataPath) => DataPath | undefined,
  ) {
    super(target.doc, target.base);
  }

  override fullPath(path: DataPath): DataPath | undefined {
    const mapped = this.remap(path);
    return mapped ? this.target.fullPath(mapped) : undefined;
  }

  override push(...diagnostics: Diagnostic[]): void {
    this.target.push(...diagnostics);
  }

  /** Hands what this reporter collected to the target. */
  flush(): void {
    this.target.push(...this.diagnostics.splice(0));
  }
}
