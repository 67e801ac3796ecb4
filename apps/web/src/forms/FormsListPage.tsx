import { type FormEvent, useEffect, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, ApiError } from "../api/client";
import { useSession } from "../app/session";
import "./forms.css";

interface Summary {
  readonly kind: string;
  readonly id: string;
  readonly version: number | null;
  readonly status: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

const ID = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/;

/** The tenant's forms (live versions and drafts), and a way to start a new one over an entity. */
export function FormsListPage() {
  const [forms, setForms] = useState<Summary[] | null>(null);
  const [entities, setEntities] = useState<Summary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const { can } = useSession();
  useEffect(() => {
    Promise.all([
      api<{ definitions: Summary[] }>("GET", "/api/definitions?kind=form"),
      api<{ definitions: Summary[] }>("GET", "/api/definitions?kind=entity"),
    ])
      .then(([f, e]) => {
        setForms(f.definitions);
        setEntities(e.definitions);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, []);
  if (error) return <p role="alert">{error}</p>;
  if (!forms) return <p className="loading">Loading forms…</p>;
  const ids = [...new Set(forms.map((f) => f.id))];
  return (
    <section className="fb-list">
      <h1>Forms</h1>
      {ids.length === 0 ? (
        <p className="muted">No forms yet.</p>
      ) : (
        <ul className="cards">
          {ids.map((id) => {
            const entries = forms.filter((f) => f.id === id);
            const live = entries.find((f) => f.status !== "draft");
            return (
              <li key={id}>
                <Link to={`/forms/${encodeURIComponent(id)}`}>{id}</Link>
                {live?.version != null && <span className="tag">v{live.version}</span>}
                {entries.some((f) => f.status === "draft") && <span className="tag">draft</span>}
                <span className="muted"> updated by {entries[0]?.updatedBy}</span>
              </li>
            );
          })}
        </ul>
      )}
      {can("definitions:edit") && <NewForm entities={[...new Set(entities.map((e) => e.id))]} taken={ids} />}
    </section>
  );
}

function NewForm({ entities, taken }: { entities: readonly string[]; taken: readonly string[] }) {
  const navigate = useNavigate();
  const [entity, setEntity] = useState(entities[0] ?? "");
  const [id, setId] = useState("");
  const [title, setTitle] = useState("");
  const problem = !ID.test(id)
    ? "Use lower-case letters, digits, - or _, with dots between parts, e.g. fmcg.store-check."
    : taken.includes(id)
      ? "A form with this id exists."
      : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problem || !entity) return;
    const q = new URLSearchParams({ entity, title: title || id });
    void navigate(`/forms/${encodeURIComponent(id)}?${q.toString()}`);
  };
  return (
    <form className="fb-new" onSubmit={submit} aria-labelledby="fb-new-title">
      <h2 id="fb-new-title">New form</h2>
      <label>
        Entity
        <select value={entity} onChange={(e) => setEntity(e.target.value)} required>
          {entities.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
      <label>
        Form id
        <input
          value={id}
          onChange={(e) => setId(e.target.value)}
          placeholder="fmcg.store-check"
          aria-describedby="fb-new-hint"
        />
      </label>
      <label>
        Title
        <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Store check" />
      </label>
      <button type="submit" className="primary" disabled={!!problem || !entity}>
        New form
      </button>
      <p id="fb-new-hint" className="muted">
        {id ? problem : "The form is saved when you save its draft."}
      </p>
    </form>
  );
}
