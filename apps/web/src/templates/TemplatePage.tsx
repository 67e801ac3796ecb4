import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { api, ApiError } from "../api/client";
import { useSession } from "../app/session";
import { ImportRefused, ImportSucceeded } from "./ImportResult";
import type { ImportConflict, ImportOutcome, ImportProblem, TemplateDetail } from "./types";

type Result =
  | { kind: "ok"; outcome: ImportOutcome }
  | {
      kind: "refused";
      message: string;
      hint: string | undefined;
      conflicts: ImportConflict[];
      problems: ImportProblem[];
    };

/** One template: its README and files, and (with `templates:import`) the Import button and its result. */
export function TemplatePage() {
  const { id = "" } = useParams();
  const { can } = useSession();
  const [template, setTemplate] = useState<TemplateDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);

  useEffect(() => {
    setTemplate(null);
    setResult(null);
    api<TemplateDetail>("GET", `/api/templates/${encodeURIComponent(id)}`)
      .then(setTemplate)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [id]);

  async function runImport(t: TemplateDetail) {
    setBusy(true);
    setResult(null);
    try {
      const outcome = await api<ImportOutcome>(
        "POST",
        `/api/templates/${encodeURIComponent(t.id)}/import`,
        {},
      );
      setResult({ kind: "ok", outcome });
    } catch (e: unknown) {
      setResult(refusalOf(e));
    } finally {
      setBusy(false);
    }
  }

  if (error) return <p role="alert">{error}</p>;
  if (!template) return <p className="loading">Loading the template…</p>;
  return (
    <section className="template-detail">
      <p>
        <Link to="/templates">← Templates</Link>
      </p>
      <h1>{template.name}</h1>
      <p className="muted">
        <code>{template.id}</code> v{template.version}
        {template.industry && <span className="tag">{template.industry}</span>}
      </p>
      <p>{template.description}</p>
      {can("templates:import") && (
        <button type="button" disabled={busy} onClick={() => void runImport(template)}>
          {busy ? "Importing…" : `Import ${template.name}`}
        </button>
      )}
      {result?.kind === "ok" && <ImportSucceeded outcome={result.outcome} />}
      {result?.kind === "refused" && <ImportRefused {...result} />}
      <h2>README</h2>
      <pre className="template-readme">{template.readme || "This template has no README."}</pre>
      <h2>Files</h2>
      {template.files.map((f) => (
        <details key={f.path}>
          <summary>
            <code>{f.path}</code> {f.kind && <span className="tag">{f.kind}</span>}{" "}
            {f.id && <code>{f.id}</code>}
          </summary>
          <pre>{f.text}</pre>
        </details>
      ))}
    </section>
  );
}

/** A failed import as the page shows it: the server's message, conflicts (409) or problems (422). */
function refusalOf(e: unknown): Result {
  if (!(e instanceof ApiError))
    return { kind: "refused", message: String(e), hint: undefined, conflicts: [], problems: [] };
  const body = (e.body.error ?? {}) as {
    conflicts?: ImportConflict[];
    problems?: ImportProblem[];
    diagnostics?: ImportProblem[];
  };
  const diagnostics = (body.diagnostics ?? []).filter((d) => d.severity === "error");
  return {
    kind: "refused",
    message: e.message,
    hint: e.hint,
    conflicts: body.conflicts ?? [],
    problems: [...(body.problems ?? []), ...diagnostics],
  };
}
