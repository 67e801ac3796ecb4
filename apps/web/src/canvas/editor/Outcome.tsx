import { Link } from "react-router";
import { ApiError } from "../../api/client";
import type { ApiDiagnostic, PublishProblem } from "./api";

/** What the last Save draft or Publish answered. */
export type Outcome =
  | { readonly kind: "saved"; readonly ok: boolean; readonly diagnostics: readonly ApiDiagnostic[] }
  | { readonly kind: "published"; readonly id: string; readonly version: number; readonly status: string }
  | { readonly kind: "unchanged" }
  | {
      readonly kind: "refused";
      readonly message: string;
      readonly hint: string | undefined;
      readonly problems: readonly PublishProblem[];
      readonly diagnostics: readonly ApiDiagnostic[];
    }
  | { readonly kind: "failed"; readonly message: string; readonly hint: string | undefined };

/** An error from Save or Publish as an outcome: a refusal with its problems, or a plain failure. */
export function outcomeOfError(error: unknown): Outcome {
  if (!(error instanceof ApiError)) return { kind: "failed", message: String(error), hint: undefined };
  const detail = (error.body.error ?? {}) as { problems?: PublishProblem[]; diagnostics?: ApiDiagnostic[] };
  if (error.status === 422 || detail.problems)
    return {
      kind: "refused",
      message: error.message,
      hint: error.hint,
      problems: detail.problems ?? [],
      diagnostics: detail.diagnostics ?? [],
    };
  return { kind: "failed", message: error.message, hint: error.hint };
}

/** The answer to the last action, announced to screen readers. */
export function OutcomeView({ outcome, onClose }: { readonly outcome: Outcome; onClose(): void }) {
  return (
    <div
      className={`cv-outcome is-${outcome.kind}`}
      role={outcome.kind === "refused" || outcome.kind === "failed" ? "alert" : "status"}
      data-testid="action-result"
    >
      <button type="button" className="cv-close" aria-label="Dismiss" onClick={onClose}>
        ×
      </button>
      <Body outcome={outcome} />
    </div>
  );
}

function Body({ outcome }: { readonly outcome: Outcome }) {
  switch (outcome.kind) {
    case "saved":
      return (
        <>
          <p>
            <strong>Draft saved.</strong>{" "}
            {outcome.ok
              ? "The server found no errors."
              : `The server found ${outcome.diagnostics.length} problem${outcome.diagnostics.length === 1 ? "" : "s"}; fix them before publishing.`}
          </p>
          <ServerDiagnostics diagnostics={outcome.diagnostics} />
        </>
      );
    case "published":
      return (
        <p>
          <strong>
            Version {outcome.version} is now {outcome.status === "shadow" ? "in shadow" : outcome.status}.
          </strong>{" "}
          {outcome.status === "shadow" && (
            <Link to={`/workflows/${encodeURIComponent(outcome.id)}/shadow`}>
              See how it compares with the live version
            </Link>
          )}
        </p>
      );
    case "unchanged":
      return (
        <p>
          <strong>Nothing new to publish.</strong> This workflow is the same as the version already published
          or waiting in shadow.
        </p>
      );
    case "refused":
      return (
        <>
          <p>
            <strong>Publishing was refused: {outcome.message}</strong>
          </p>
          {outcome.hint && <p>{outcome.hint}</p>}
          {outcome.problems.length > 0 && (
            <ul className="cv-refusal" aria-label="Why publishing was refused">
              {outcome.problems.map((p, i) => (
                <li key={i}>
                  <span className="cv-where">{where(p.file, p.line, p.column)}</span>{" "}
                  <strong>{p.message}</strong> {p.hint && <span className="cv-hint">{p.hint}</span>}{" "}
                  <code className="cv-code">{p.code}</code>
                </li>
              ))}
            </ul>
          )}
          <ServerDiagnostics diagnostics={outcome.diagnostics} />
        </>
      );
    case "failed":
      return (
        <p>
          <strong>{outcome.message}</strong> {outcome.hint}
        </p>
      );
  }
}

function ServerDiagnostics({ diagnostics }: { readonly diagnostics: readonly ApiDiagnostic[] }) {
  if (diagnostics.length === 0) return null;
  return (
    <ul className="cv-refusal" aria-label="Problems the server found">
      {diagnostics.map((d, i) => (
        <li key={i}>
          <span className="cv-where">{where(d.file, d.line, d.column)}</span> <strong>{d.message}</strong>{" "}
          <span className="cv-hint">{d.hint}</span> <code className="cv-code">{d.code}</code>
        </li>
      ))}
    </ul>
  );
}

function where(file?: string | null, line?: number | null, column?: number | null): string {
  if (!file) return "";
  return line ? `${file}:${line}:${column ?? 1}` : file;
}
