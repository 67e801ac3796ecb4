import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client";
import { BarChart } from "../ui/BarChart";
import { ErrorNotice } from "../ui/ErrorNotice";
import { formatMs, formatPercent, formatTime } from "../ui/format";
import { useApi } from "../ui/useApi";
import { EventTable } from "./EventTable";
import { GateList } from "./Gates";
import { effectBars, verdictBars } from "./series";
import { ShadowActions } from "./ShadowActions";
import type { ShadowReport, ShadowStatus } from "./types";

/** `/workflows/:id/shadow`: the shadow report, the gates, and sign-off and promotion. */
export function ShadowPage() {
  const { id = "" } = useParams();
  const status = useApi<ShadowStatus>(`/api/workflows/${encodeURIComponent(id)}/shadow`);
  const header = (
    <header className="gov-header">
      <h1>Shadow report: {id}</h1>
      <nav aria-label="Workflow">
        <Link to={`/workflows/${encodeURIComponent(id)}/versions`}>Versions</Link>
        <Link to={`/runs?workflow=${encodeURIComponent(id)}`}>Runs</Link>
      </nav>
    </header>
  );
  if (status.error instanceof ApiError && status.error.code === "lifecycle/no-shadow")
    return (
      <section>
        {header}
        <div className="gov-empty" data-testid="shadow-empty">
          <h2>No version of {id} is in shadow</h2>
          <p>{status.error.message}</p>
          <p>
            To see a report, publish a change to this workflow (a published workflow starts in shadow mode and
            runs beside the live version), or start the shadow of a validated version. Its report appears here
            as events arrive.
          </p>
          <Link to={`/workflows/${encodeURIComponent(id)}/versions`}>See the versions of {id}</Link>
        </div>
      </section>
    );
  if (status.error)
    return (
      <section>
        {header}
        <ErrorNotice error={status.error} title="The shadow report could not be loaded" />
      </section>
    );
  if (!status.data)
    return (
      <section>
        {header}
        <p className="loading">Loading the shadow report…</p>
      </section>
    );
  const s = status.data;
  return (
    <section data-testid="shadow-report">
      {header}
      <p>
        Version <strong>{s.version}</strong> ({s.status}) against live{" "}
        {s.report.liveVersions.length ? s.report.liveVersions.map((v) => `v${v}`).join(", ") : "—"} · window{" "}
        {formatTime(s.report.window.from)} to {formatTime(s.report.window.to)} ·{" "}
        <strong className={s.promotable ? "gov-ok" : "error"}>
          {s.promotable ? "Promotable: every gate passes" : "Not promotable yet"}
        </strong>
        {status.loading && <span className="loading"> · refreshing…</span>}
        <button type="button" className="gov-refresh" onClick={status.reload}>
          Refresh report
        </button>
      </p>
      {s.report.truncated && (
        <p className="error">The report hit its run limit: only the newest runs are compared.</p>
      )}
      <Tiles report={s.report} />
      <div className="gov-charts">
        <BarChart title="Effects by class" bars={effectBars(s.report.totals)} />
        <BarChart title="Events by verdict" bars={verdictBars(s.report.events)} />
      </div>
      <GateList gates={s.gates} caption={`Promotion gates of version ${s.version}`} />
      <ShadowActions status={s} onChanged={status.reload} />
      <h2>Events</h2>
      <EventTable events={s.report.events} />
      <Fields report={s.report} />
    </section>
  );
}

function Tiles({ report }: { report: ShadowReport }) {
  const t = report.totals;
  const tiles: { label: string; value: string; bad?: boolean }[] = [
    { label: "Events", value: String(t.events) },
    { label: "Identical", value: String(t.identical) },
    { label: "With differences", value: String(t.withDifferences), bad: t.withDifferences > 0 },
    { label: "Shadow errors", value: String(t.shadowErrors), bad: t.shadowErrors > 0 },
    { label: "Anomalies", value: String(t.anomalies), bad: t.anomalies > 0 },
    { label: "Error rate", value: formatPercent(t.errorRate), bad: t.errorRate > 0 },
    { label: "Live p50 / p95", value: `${formatMs(t.latency.live.p50)} / ${formatMs(t.latency.live.p95)}` },
    {
      label: "Shadow p50 / p95",
      value: `${formatMs(t.latency.shadow.p50)} / ${formatMs(t.latency.shadow.p95)}`,
    },
    { label: "Boundary violations", value: String(t.boundaryViolations), bad: t.boundaryViolations > 0 },
    { label: "Pending", value: String(t.pending) },
  ];
  return (
    <ul className="gov-tiles" aria-label="Totals">
      {tiles.map((tile) => (
        <li key={tile.label} className={tile.bad ? "tile-bad" : undefined}>
          <span className="tile-value">{tile.value}</span>
          <span className="tile-label">{tile.label}</span>
        </li>
      ))}
    </ul>
  );
}

function Fields({ report }: { report: ShadowReport }) {
  const steps = Object.entries(report.fieldsRead);
  return (
    <div className="gov-columns">
      <section>
        <h2>Fields read, per step</h2>
        {steps.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <dl className="gov-fields">
            {steps.map(([step, fields]) => (
              <div key={step}>
                <dt>{step}</dt>
                <dd>{fields.join(", ") || "—"}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
      <section>
        <h2>Fields written</h2>
        <p>
          {report.fieldsWritten.length ? (
            report.fieldsWritten.join(", ")
          ) : (
            <span className="muted">None.</span>
          )}
        </p>
        <h2>Compliance flags</h2>
        {report.compliance.length === 0 ? (
          <p className="muted">No findings.</p>
        ) : (
          <ul>
            {report.compliance.map((f, i) => (
              <li key={i}>
                <span className={`pill ${f.severity === "blocked" ? "tone-bad" : "tone-warn"}`}>
                  {f.severity ?? "finding"}
                </span>{" "}
                {f.message ?? f.code}
                {f.reason && <span className="muted"> — {f.reason}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
