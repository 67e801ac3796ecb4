import {
  type Diagnostic,
  type DiagnosticCode,
  type SourceFile,
  sortDiagnostics,
  validateSources,
} from "@switchyard/definitions";
import { useEffect, useState } from "react";
import { api } from "../../api/client";
import { parsePath } from "../model/problems";
import type { ApiDiagnostic } from "./api";

/**
 * Where the workflow is validated. "local" runs validateSources in the browser (with the tenant's
 * entities, forms and components as context); it compiles JSON Schemas to code, which the studio's
 * Content-Security-Policy (script-src 'self', no 'unsafe-eval') forbids, so there the same
 * validator runs on the server (POST /api/definitions/validate, against the live definitions).
 */
export type ValidationMode = "local" | "server";

/** Whether this page may compile code (Ajv needs it); false under the studio's CSP. */
export function codeGenerationAllowed(): boolean {
  try {
    return new Function("return true")() === true;
  } catch {
    return false;
  }
}

/** The workflow's diagnostics, a moment after the text stops changing. */
export function useValidation(
  file: string,
  text: string,
  context: readonly SourceFile[],
  mode: ValidationMode,
): Diagnostic[] {
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>([]);
  useEffect(() => {
    let current = true;
    const timer = window.setTimeout(
      () => {
        if (mode === "local") {
          const report = validateSources([{ path: file, text }, ...context]);
          setDiagnostics(sortDiagnostics(report.files.find((f) => f.file === file)?.diagnostics ?? []));
          return;
        }
        api<{ diagnostics: ApiDiagnostic[] }>("POST", "/api/definitions/validate", {
          files: [{ path: file, text }],
        })
          .then((r) => current && setDiagnostics(r.diagnostics.map(fromApi)))
          .catch(() => undefined);
      },
      mode === "local" ? 300 : 500,
    );
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [file, text, context, mode]);
  return diagnostics;
}

/** A diagnostic as the API reports it, in the validator's own shape. */
export function fromApi(d: ApiDiagnostic): Diagnostic {
  return {
    code: d.code as DiagnosticCode,
    severity: d.severity,
    message: d.message,
    hint: d.hint,
    ...(d.file && d.line ? { location: { file: d.file, line: d.line, column: d.column ?? 1 } } : {}),
    ...(d.path ? { path: parsePath(d.path) } : {}),
  };
}
