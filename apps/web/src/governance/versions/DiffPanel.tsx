import { lazy, Suspense, useEffect, useState } from "react";
import { ApiError } from "../../api/client";
import { ErrorNotice } from "../ui/ErrorNotice";
import { isMissingEndpoint } from "../ui/errors";
import { useApi } from "../ui/useApi";
import { type Lineage, lineageRows } from "./lineage";
import { loadVersionSource } from "./sources";

const YamlDiff = lazy(() => import("./YamlDiff"));

interface DiffAnswer {
  readonly from: number;
  readonly to: number;
  readonly summary: readonly string[];
  readonly diff: { readonly empty?: boolean };
}

/** What changed from one version to another: the semantic summary, the YAML side by side, the lineage. */
export function DiffPanel({ id, from, to }: { id: string; from: number; to: number }) {
  const enc = encodeURIComponent(id);
  const diff = useApi<DiffAnswer>(`/api/definitions/workflow/${enc}/diff?from=${from}&to=${to}`);
  const lineage = useApi<Lineage>(`/api/workflows/${enc}/versions/${to}/lineage?compareTo=${from}`);
  return (
    <section className="gov-diff" aria-label={`Changes from version ${from} to version ${to}`}>
      <h2>
        From version {from} to version {to}
      </h2>
      <h3>Summary</h3>
      {diff.error ? (
        isMissingEndpoint(diff.error) ? (
          <p role="alert">
            This server does not offer the version diff yet (GET /api/definitions/workflow/{"{id}"}/diff).
          </p>
        ) : (
          <ErrorNotice error={diff.error} title="The diff could not be loaded" />
        )
      ) : !diff.data ? (
        <p className="loading">Comparing…</p>
      ) : diff.data.summary.length === 0 ? (
        <p className="muted">
          {from === to ? "Pick two different versions to compare." : "The two versions mean the same."}
        </p>
      ) : (
        <ul className="gov-summary" data-testid="diff-summary">
          {diff.data.summary.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
      <h3>Lineage: fields read and written per step</h3>
      <LineageView lineage={lineage.data} error={lineage.error} from={from} />
      <h3>YAML side by side</h3>
      <SourceDiff id={id} from={from} to={to} />
    </section>
  );
}

function LineageView({ lineage, error, from }: { lineage: Lineage | null; error: unknown; from: number }) {
  if (error)
    return isMissingEndpoint(error) ? (
      <p role="alert">
        This server does not offer lineage yet (GET /api/workflows/{"{id}"}/versions/{"{v}"}/lineage).
      </p>
    ) : (
      <ErrorNotice error={error} title="The lineage could not be loaded" />
    );
  if (!lineage) return <p className="loading">Loading lineage…</p>;
  const rows = lineageRows(lineage.changes);
  return (
    <>
      {rows.length === 0 ? (
        <p className="muted">No step reads or writes other fields than in version {from}.</p>
      ) : (
        <table className="gov-table" data-testid="lineage-changes">
          <caption>Changed since version {from}</caption>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Reads added</th>
              <th scope="col">Reads removed</th>
              <th scope="col">Writes added</th>
              <th scope="col">Writes removed</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.step}>
                <th scope="row">{r.step}</th>
                <td className="added">{r.readsAdded.join(", ")}</td>
                <td className="removed">{r.readsRemoved.join(", ")}</td>
                <td className="added">{r.writesAdded.join(", ")}</td>
                <td className="removed">{r.writesRemoved.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details>
        <summary>All fields of version {lineage.version}, per step</summary>
        <table className="gov-table">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Reads</th>
              <th scope="col">Writes</th>
            </tr>
          </thead>
          <tbody>
            {lineage.steps.map((s) => (
              <tr key={s.step}>
                <th scope="row">{s.step}</th>
                <td>{s.reads.join(", ") || "—"}</td>
                <td>{s.writes.join(", ") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

function SourceDiff({ id, from, to }: { id: string; from: number; to: number }) {
  const [sources, setSources] = useState<{ key: string; before: string; after: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const key = `${id}:${from}:${to}`;
  useEffect(() => {
    let live = true;
    setError(null);
    Promise.all([loadVersionSource(id, from), loadVersionSource(id, to)])
      .then(([before, after]) => live && setSources({ key, before, after }))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [id, from, to, key]);
  if (error)
    return error instanceof ApiError && error.code === "no-such-endpoint" ? (
      <p role="alert" className="gov-note">
        {error.message} {error.hint}
      </p>
    ) : (
      <ErrorNotice error={error} title="The YAML could not be loaded" />
    );
  if (!sources || sources.key !== key) return <p className="loading">Loading the YAML…</p>;
  return (
    <Suspense fallback={<p className="loading">Loading the editor…</p>}>
      <YamlDiff
        original={sources.before}
        modified={sources.after}
        label={`YAML of version ${from} (left) and version ${to} (right)`}
      />
    </Suspense>
  );
}
