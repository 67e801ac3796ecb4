import { useEffect, useState } from "react";
import { Link } from "react-router";
import { api, ApiError } from "../api/client";
import type { TemplateSummary } from "./types";

/** The gallery: one card per industry template, each opening its detail page. */
export function TemplatesPage() {
  const [templates, setTemplates] = useState<readonly TemplateSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ templates: TemplateSummary[] }>("GET", "/api/templates")
      .then((r) => setTemplates(r.templates))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, []);
  if (error) return <p role="alert">{error}</p>;
  if (!templates) return <p className="loading">Loading templates…</p>;
  return (
    <section>
      <h1>Templates</h1>
      <p className="muted">
        Industry starting points. Importing one publishes its entities and forms; its workflows arrive as
        drafts for you to adapt.
      </p>
      {templates.length === 0 && <p>This server has no templates.</p>}
      <ul className="cards template-gallery">
        {templates.map((t) => (
          <li key={t.id} data-testid={`template-${t.id}`} className="template-card">
            <h2>
              <Link to={`/templates/${encodeURIComponent(t.id)}`}>{t.name}</Link>
            </h2>
            {t.industry && <span className="tag">{t.industry}</span>}
            <p>{t.description}</p>
            <ul className="scenarios" aria-label="Scenarios">
              {t.scenarios.map((s) => (
                <li key={s} className="tag">
                  {s}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
