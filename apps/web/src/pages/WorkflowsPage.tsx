import { useEffect, useState } from "react";
import { Link } from "react-router";
import { api, ApiError } from "../api/client";

interface DefinitionSummary {
  kind: string;
  id: string;
  name?: string;
  region?: string;
  live?: { version: number } | null;
}

/** The tenant's workflows, each opening in the editor. */
export function WorkflowsPage() {
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
      <ul className="cards">
        {items.map((w) => (
          <li key={w.id}>
            <Link to={`/workflows/${encodeURIComponent(w.id)}`}>{w.name ?? w.id}</Link>
            <span className="muted"> {w.id}</span>
            {w.region && <span className="tag">{w.region}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
