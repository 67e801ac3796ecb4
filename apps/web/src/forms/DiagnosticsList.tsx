/** A problem as the definitions package, the draft endpoint or a refused publish reports it. */
export interface Problem {
  readonly code?: string;
  readonly severity?: string;
  readonly message: string;
  readonly hint?: string;
  readonly file?: string | null;
  readonly line?: number | null;
  readonly column?: number | null;
  readonly location?: { readonly line: number; readonly column: number };
  /** Where in the definition: a path (from the browser's check) or its text (from the server). */
  readonly path?: readonly (string | number)[] | string | null;
}

/** Lists problems with where they are and how to fix them; nothing when there are none. */
export function DiagnosticsList({ title, problems }: { title: string; problems: readonly Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <section className="fb-diagnostics" aria-label={title}>
      <h3>{title}</h3>
      <ul>
        {problems.map((p, i) => {
          const line = p.location?.line ?? p.line ?? undefined;
          const column = p.location?.column ?? p.column ?? undefined;
          return (
            <li key={i} className={p.severity === "warning" ? "fb-warning" : "fb-error"}>
              {line !== undefined && (
                <span className="fb-where">
                  line {line}
                  {column !== undefined ? `:${column}` : ""}
                </span>
              )}{" "}
              {p.code && <code>{p.code}</code>} {p.message}
              {p.hint && <div className="muted">{p.hint}</div>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
