import { useEffect, useState } from "react";
import { Link } from "react-router";
import { api, ApiError } from "../api/client";
import { useSession } from "../app/session";

interface DefinitionSummary {
  kind: string;
  id: string;
  version: number | null;
  status: string;
  region?: string;
}

/** The tenant's workflows, each opening in the editor. */
export function WorkflowsPage() {
  const { can } = useSession();
  const [items, setItems] = useState<DefinitionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ definitions: DefinitionSummary[] }>("GET", "/api/definitions?kind=workflow")
      .then((r) => setItems(r.definitions))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, []);
  if (error) return <p role="alert">{error}</p>;
  if (!items) return <p className="loading">Loading workflows…</p>;
  return (
    <section>
      <h1>Workflows</h1>
      {can("definitions:edit") && (
        <p>
          <Link to="/workflows/new">New workflow</Link> · or start from a{" "}
          <Link to="/templates">template</Link>
        </p>
      )}
      <ul className="cards">
        {items.map((w) => (
          <li key={`${w.id}:${w.status}`}>
            <Link to={`/workflows/${encodeURIComponent(w.id)}`}>{w.id}</Link>
            <span className="tag">{w.version === null ? w.status : `v${w.version} ${w.status}`}</span>
            {w.region && <span className="tag">{w.region}</span>}{" "}
            <Link className="muted" to={`/workflows/${encodeURIComponent(w.id)}/versions`}>
              versions
            </Link>{" "}
            <Link className="muted" to={`/workflows/${encodeURIComponent(w.id)}/shadow`}>
              shadow report
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
