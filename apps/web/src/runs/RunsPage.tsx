import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { ErrorNotice } from "../governance/ui/ErrorNotice";
import { formatTime } from "../governance/ui/format";
import { useApi } from "../governance/ui/useApi";
import { type RunSummary, runsQuery } from "./timeline";

const STATUSES = ["running", "waiting", "completed", "failed", "paused", "cancelled"] as const;

/** `/runs`: the tenant's runs, newest first, filtered by workflow and status (kept in the URL). */
export function RunsPage() {
  const [params, setParams] = useSearchParams();
  const workflow = params.get("workflow") ?? "";
  const status = params.get("status") ?? "";
  const limit = Number(params.get("limit") ?? 50) || 50;
  const [draft, setDraft] = useState(workflow);
  const runs = useApi<{ runs: RunSummary[] }>(`/api/runs${runsQuery({ workflow, status, limit })}`);
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  return (
    <section>
      <h1>Runs</h1>
      <form
        className="gov-filters row"
        aria-label="Filter runs"
        onSubmit={(e) => {
          e.preventDefault();
          set("workflow", draft.trim());
        }}
      >
        <label>
          Workflow id
          <input value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="all workflows" />
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => set("status", e.target.value)}>
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          At most
          <select value={String(limit)} onChange={(e) => set("limit", e.target.value)}>
            {[20, 50, 100, 200, 500].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Show runs</button>
        <button type="button" onClick={runs.reload}>
          Refresh
        </button>
      </form>
      {runs.error ? (
        <ErrorNotice error={runs.error} title="The runs could not be loaded" />
      ) : !runs.data ? (
        <p className="loading">Loading runs…</p>
      ) : runs.data.runs.length === 0 ? (
        <p className="gov-empty">No runs match. Runs appear when events start a live (or shadow) workflow.</p>
      ) : (
        <table className="gov-table">
          <caption>Newest first ({runs.data.runs.length})</caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Workflow</th>
              <th scope="col">Mode</th>
              <th scope="col">Status</th>
              <th scope="col">Trigger</th>
              <th scope="col">Started</th>
              <th scope="col">Finished</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.runs.map((r) => (
              <tr
                key={r.id}
                data-testid={`run-row-${r.id}`}
                className={r.mode === "shadow" ? "run-shadow" : undefined}
              >
                <th scope="row">
                  <Link to={`/runs/${encodeURIComponent(r.id)}`} className="mono">
                    {r.id}
                  </Link>
                </th>
                <td>
                  {r.workflowId} <span className="muted">v{r.version}</span>
                </td>
                <td>{r.mode === "shadow" ? <span className="pill tone-shadow">shadow</span> : r.mode}</td>
                <td>
                  <span className={`pill status-${r.status}`}>{r.status}</span>
                  {r.error?.message && <div className="error">{r.error.message}</div>}
                </td>
                <td>{r.trigger}</td>
                <td>{formatTime(r.startedAt)}</td>
                <td>{formatTime(r.finishedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
