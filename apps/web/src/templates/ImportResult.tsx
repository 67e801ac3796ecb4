import { Link } from "react-router";
import type { ImportConflict, ImportOutcome, ImportProblem } from "./types";

/** What an import did: the published definitions and the workflow drafts, with links to edit them. */
export function ImportSucceeded({ outcome }: { outcome: ImportOutcome }) {
  const nothing = outcome.published.length === 0 && outcome.drafts.length === 0;
  return (
    <div role="status" className="import-result">
      <p>{nothing ? "Imported: nothing changed, your tenant already has this template." : "Imported."}</p>
      {outcome.published.length > 0 && (
        <>
          <h3>Published</h3>
          <ul>
            {outcome.published.map((p) => (
              <li key={`${p.kind}/${p.id}`}>
                {p.kind} <code>{p.id}</code> version {p.version}
              </li>
            ))}
          </ul>
        </>
      )}
      {outcome.drafts.length > 0 && (
        <>
          <h3>Workflow drafts to adapt and publish</h3>
          <ul>
            {outcome.drafts.map((id) => (
              <li key={id}>
                <Link to={`/workflows/${encodeURIComponent(id)}`}>{id}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
      {outcome.kept.length > 0 && (
        <>
          <h3>Kept as your tenant has them</h3>
          <ul>
            {outcome.kept.map((k) => (
              <li key={`${k.kind}/${k.id}`}>
                {k.kind} <code>{k.id}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {outcome.unchanged.length > 0 && (
        <p className="muted">{outcome.unchanged.length} already up to date.</p>
      )}
    </div>
  );
}

/** A refused import: its message, then each conflict or located problem. Nothing was imported. */
export function ImportRefused(props: {
  message: string;
  hint: string | undefined;
  conflicts: readonly ImportConflict[];
  problems: readonly ImportProblem[];
}) {
  return (
    <div role="alert" className="import-result refused">
      <p>
        <strong>Not imported.</strong> {props.message}
      </p>
      {props.hint && <p className="muted">{props.hint}</p>}
      {props.conflicts.length > 0 && (
        <ul aria-label="Conflicts">
          {props.conflicts.map((c) => (
            <li key={`${c.kind}/${c.id}`}>
              <code>{c.file}</code>: {c.kind} <code>{c.id}</code> differs from your{" "}
              {c.existing === "draft" ? "draft" : `version ${c.existing}`}
            </li>
          ))}
        </ul>
      )}
      {props.problems.length > 0 && (
        <ul aria-label="Problems">
          {props.problems.map((p, i) => (
            <li key={i}>
              <code>{[p.file, p.line, p.column].filter((x) => x !== null && x !== undefined).join(":")}</code>{" "}
              {p.message}
              {p.hint && <span className="muted"> {p.hint}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
