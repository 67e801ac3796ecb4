import { Link, useParams } from "react-router";
import { ErrorNotice } from "../governance/ui/ErrorNotice";
import { formatJson, formatTime } from "../governance/ui/format";
import { useApi } from "../governance/ui/useApi";
import {
  describeEffect,
  explanationView,
  type RunSummary,
  type StepErrorView,
  type StepExecution,
} from "./timeline";

/** `/runs/:id`: one run and the timeline of its steps, with effects, decisions and errors. */
export function RunPage() {
  const { id = "" } = useParams();
  const answer = useApi<{ run: RunSummary & { state?: unknown }; timeline: StepExecution[] }>(
    `/api/runs/${encodeURIComponent(id)}`,
  );
  if (answer.error)
    return (
      <section>
        <h1>Run {id}</h1>
        <ErrorNotice error={answer.error} title="The run could not be loaded" />
        <Link to="/runs">All runs</Link>
      </section>
    );
  if (!answer.data) return <p className="loading">Loading the run…</p>;
  const { run, timeline } = answer.data;
  return (
    <section data-testid="run-detail">
      <header className="gov-header">
        <h1>
          Run <span className="mono">{run.id}</span>
        </h1>
        <nav aria-label="Run">
          <Link to="/runs">All runs</Link>
          <Link to={`/runs?workflow=${encodeURIComponent(run.workflowId)}`}>Runs of {run.workflowId}</Link>
          {run.mode === "shadow" && (
            <Link to={`/workflows/${encodeURIComponent(run.workflowId)}/shadow`}>Shadow report</Link>
          )}
        </nav>
      </header>
      {run.mode === "shadow" && (
        <p className="gov-note" data-testid="shadow-run-banner">
          Shadow run: its effects were recorded, not performed.
        </p>
      )}
      <dl className="gov-facts">
        <div>
          <dt>Workflow</dt>
          <dd>
            {run.workflowId} v{run.version}
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`pill status-${run.status}`}>{run.status}</span>
          </dd>
        </div>
        <div>
          <dt>Trigger</dt>
          <dd>{run.trigger}</dd>
        </div>
        <div>
          <dt>Event</dt>
          <dd className="mono">{run.eventId ?? "—"}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatTime(run.startedAt)}</dd>
        </div>
        <div>
          <dt>Finished</dt>
          <dd>{formatTime(run.finishedAt)}</dd>
        </div>
        {run.parentRunId && (
          <div>
            <dt>Parent run</dt>
            <dd>
              <Link to={`/runs/${encodeURIComponent(run.parentRunId)}`}>{run.parentRunId}</Link>
            </dd>
          </div>
        )}
      </dl>
      {run.error && <StepError error={run.error} title="The run failed" />}
      <h2>Timeline</h2>
      {timeline.length === 0 ? (
        <p className="muted">No step has run yet.</p>
      ) : (
        <ol className="run-timeline">
          {timeline.map((step) => (
            <StepItem key={`${step.tokenId}:${step.stepId}:${step.attempt}`} step={step} />
          ))}
        </ol>
      )}
    </section>
  );
}

function StepError({ error, title }: { error: StepErrorView; title: string }) {
  return (
    <div role="alert" className="gov-error">
      <strong>{title}:</strong> {error.code && <span className="mono">{error.code}</span>} {error.message}
      {error.hint && <div className="gov-hint">{error.hint}</div>}
    </div>
  );
}

function StepItem({ step }: { step: StepExecution }) {
  const explanation = explanationView(step.explanation);
  return (
    <li className={`run-step status-${step.status}`} data-testid={`step-${step.stepId}`}>
      <h3>
        {step.stepId} <span className={`pill status-${step.status}`}>{step.status}</span>
        <span className="muted">
          {" "}
          attempt {step.attempt} · token {step.tokenId} · {formatTime(step.startedAt)}
        </span>
      </h3>
      {step.error && <StepError error={step.error} title={`Step ${step.stepId} failed`} />}
      {step.effects && step.effects.length > 0 && (
        <div>
          <h4>Effects</h4>
          <ul className="run-effects">
            {step.effects.map((e, i) => (
              <li key={i}>{describeEffect(e)}</li>
            ))}
          </ul>
        </div>
      )}
      {explanation && (
        <div className="run-explanation">
          <h4>Decision</h4>
          {explanation.summary && <p>{explanation.summary}</p>}
          {explanation.rules.length > 0 && (
            <table className="gov-table">
              <caption>Rules</caption>
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">Fired</th>
                  <th scope="col">Weight</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {explanation.rules.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{r.id}</th>
                    <td>{r.fired ? "✓ yes" : "no"}</td>
                    <td>{r.weight ?? "—"}</td>
                    <td>{r.reason ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {explanation.inputs.length > 0 && (
            <p>
              <strong>Inputs:</strong> {explanation.inputs.map((i) => `${i.name} = ${i.value}`).join("; ")}
            </p>
          )}
          {explanation.result !== undefined && (
            <p>
              <strong>Result:</strong> {explanation.result}
            </p>
          )}
          {explanation.route.length > 0 && (
            <ul className="run-route" aria-label="Edges tried">
              {explanation.route.map((r, i) => (
                <li key={i}>
                  → {r.to} {r.when ? <code>{r.when}</code> : "(always)"}{" "}
                  {r.result ? "holds" : "does not hold"}
                  {r.taken && <strong> · taken</strong>}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <details>
        <summary>Inputs and outputs</summary>
        <div className="gov-columns">
          <div>
            <h4>Input</h4>
            <pre>{formatJson(step.input)}</pre>
          </div>
          <div>
            <h4>Output</h4>
            <pre>{step.output === null ? "—" : formatJson(step.output)}</pre>
          </div>
        </div>
      </details>
    </li>
  );
}
