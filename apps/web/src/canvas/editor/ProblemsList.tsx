import { type Diagnostic, formatPath } from "@switchyard/definitions";

/** Every problem the validator found, each pointing at its line and, where there is one, its step. */
export function ProblemsList({
  diagnostics,
  stepOf,
  onPick,
}: {
  readonly diagnostics: readonly Diagnostic[];
  stepOf(d: Diagnostic): string | undefined;
  onPick(stepId: string | undefined, d: Diagnostic): void;
}) {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return (
    <section className="cv-problems" aria-label="Problems" data-testid="problems">
      <h2>
        Problems{" "}
        <span className={errors ? "cv-count is-bad" : "cv-count"}>
          {errors} error{errors === 1 ? "" : "s"}, {diagnostics.length - errors} warning
          {diagnostics.length - errors === 1 ? "" : "s"}
        </span>
      </h2>
      {diagnostics.length === 0 ? (
        <p className="muted">No problems found.</p>
      ) : (
        <ul>
          {diagnostics.map((d, i) => {
            const step = stepOf(d);
            return (
              <li key={i} className={`cv-problem is-${d.severity}`}>
                <button
                  type="button"
                  onClick={() => onPick(step, d)}
                  aria-label={`Show problem: ${d.message}`}
                >
                  <span className="cv-where">
                    {d.location
                      ? `line ${d.location.line}:${d.location.column}`
                      : d.path
                        ? formatPath(d.path)
                        : ""}
                    {step ? ` · step ${step}` : ""}
                  </span>
                  <span className="cv-message">{d.message}</span>
                  {d.hint && <span className="cv-hint">{d.hint}</span>}
                  <code className="cv-code">{d.code}</code>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
