import { validateSources } from "@switchyard/definitions";
import { useEffect, useMemo, useState } from "react";
import { api, ApiError } from "../api/client";
import type { Problem } from "./DiagnosticsList";
import { codeGenerationAllowed } from "./record-check";

/** A problem whose path is a list of keys and indexes (`["sections", 0, "fields", 1]`). */
export type FormProblem = Problem & { readonly path?: readonly (string | number)[] };

/** The outcome of checking the form: its problems, and where the check ran. */
export interface FormCheck {
  readonly problems: readonly FormProblem[];
  readonly ok: boolean;
  readonly by: "browser" | "server";
  readonly pending: boolean;
}

let browserCanCheck: boolean | undefined;

/**
 * Checks the form YAML with `validateSources`, the entity as context file, in the browser. The
 * definitions package compiles its JSON Schemas with Ajv, which needs code generation; where the
 * page's Content-Security-Policy forbids it, the same check runs on the server
 * (`POST /api/definitions/validate`, against the tenant's live definitions), debounced.
 */
export function useFormCheck(fileName: string, text: string | null, entitySource: string | null): FormCheck {
  browserCanCheck ??= codeGenerationAllowed();
  const local = useMemo(() => {
    if (!browserCanCheck || text === null) return null;
    const files = [{ path: fileName, text }];
    if (entitySource) files.push({ path: "entity.yaml", text: entitySource });
    try {
      const report = validateSources(files);
      return report.files.find((f) => f.file === fileName)?.diagnostics ?? [];
    } catch {
      return null;
    }
  }, [fileName, text, entitySource]);

  const [remote, setRemote] = useState<{ text: string; problems: FormProblem[] } | null>(null);
  useEffect(() => {
    if (local !== null || text === null) return;
    let live = true;
    const timer = setTimeout(() => {
      api<{ diagnostics: Problem[] }>("POST", "/api/definitions/validate", {
        files: [{ path: fileName, text }],
      })
        .then((r) => live && setRemote({ text, problems: r.diagnostics.map(withPathList) }))
        .catch((e: unknown) => {
          const message = e instanceof ApiError ? e.message : String(e);
          if (live)
            setRemote({
              text,
              problems: [{ severity: "error", message: `The form could not be checked: ${message}` }],
            });
        });
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [local, text, fileName]);

  if (local !== null) return { problems: local, ok: !hasError(local), by: "browser", pending: false };
  const problems = remote?.problems ?? [];
  return {
    problems,
    ok: remote !== null && !hasError(problems),
    by: "server",
    pending: remote?.text !== text,
  };
}

function hasError(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity !== "warning");
}

/** Reads a formatted path (`sections[0].fields[1].widget`) back into keys and indexes. */
export function parsePath(text: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[1] !== undefined) out.push(m[1]);
  }
  return out;
}

function withPathList(p: Problem): FormProblem {
  return { ...p, path: typeof p.path === "string" ? parsePath(p.path) : Array.isArray(p.path) ? p.path : [] };
}
