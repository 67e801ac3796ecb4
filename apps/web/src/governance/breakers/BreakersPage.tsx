import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import { useSession } from "../../app/session";
import { ErrorNotice } from "../ui/ErrorNotice";
import { formatTime, formatValue } from "../ui/format";
import { useAction, useApi } from "../ui/useApi";
import { parseBreakerKey, resetPath } from "./breaker-key";

interface Breaker {
  readonly key: string;
  readonly state: string;
  readonly reason: string | null;
  readonly detail: unknown;
  readonly openedAt: string | null;
  readonly updatedAt: string;
  readonly held: number;
  readonly anomalies: number;
}

interface ResetAnswer {
  readonly key: string;
  readonly state: string;
  readonly resumed?: unknown;
  readonly restarted?: unknown;
  readonly needsReview?: unknown;
}

const count = (v: unknown) => (Array.isArray(v) ? v.length : typeof v === "number" ? v : 0);

/** `/breakers`: every circuit breaker, what it holds, and resetting or probing an open one. */
export function BreakersPage() {
  const breakers = useApi<{ breakers: Breaker[] }>("/api/breakers");
  const { can } = useSession();
  const manage = can("breakers:manage");
  const action = useAction();
  const [notice, setNotice] = useState<string | null>(null);
  const [withAnomalies, setWithAnomalies] = useState<Record<string, boolean>>({});

  const reset = async (b: Breaker, mode: "close" | "probe") => {
    setNotice(null);
    const done = await action.run(() =>
      api<ResetAnswer>("POST", resetPath(b.key), { mode, includeAnomalies: withAnomalies[b.key] ?? false }),
    );
    if (done) {
      setNotice(
        `${b.key} is ${done.state}: ${count(done.resumed)} run(s) resumed, ${count(done.restarted)} restarted, ${count(done.needsReview)} need review.`,
      );
      breakers.reload();
    }
  };

  return (
    <section>
      <h1>Circuit breakers</h1>
      <p className="muted">
        A breaker pauses a workflow or component version that misbehaves and holds its runs. Closing it
        releases them; probing lets the oldest held run through first.
      </p>
      {notice && (
        <p role="status" className="gov-ok">
          {notice}
        </p>
      )}
      {action.error !== null && <ErrorNotice error={action.error} title="Refused" />}
      {breakers.error ? (
        <ErrorNotice error={breakers.error} title="The breakers could not be loaded" />
      ) : !breakers.data ? (
        <p className="loading">Loading breakers…</p>
      ) : breakers.data.breakers.length === 0 ? (
        <p className="gov-empty">
          No breaker has tripped. Breakers appear here when a workflow or component misbehaves.
        </p>
      ) : (
        <table className="gov-table">
          <thead>
            <tr>
              <th scope="col">Breaker</th>
              <th scope="col">State</th>
              <th scope="col">Reason</th>
              <th scope="col">Held runs</th>
              <th scope="col">Held by anomaly rules</th>
              <th scope="col">Opened at</th>
              {manage && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {breakers.data.breakers.map((b) => {
              const subject = parseBreakerKey(b.key);
              return (
                <tr key={b.key} data-testid={`breaker-${b.key}`}>
                  <th scope="row">
                    {subject?.type === "workflow" ? (
                      <Link to={`/runs?workflow=${encodeURIComponent(subject.id)}`}>{b.key}</Link>
                    ) : (
                      b.key
                    )}
                  </th>
                  <td>
                    <span className={`pill breaker-${b.state}`}>{b.state}</span>
                  </td>
                  <td>
                    {b.reason ?? "—"}
                    {b.detail !== null && b.detail !== undefined && (
                      <div className="muted">{formatValue(b.detail)}</div>
                    )}
                  </td>
                  <td>{b.held}</td>
                  <td>{b.anomalies}</td>
                  <td>{formatTime(b.openedAt)}</td>
                  {manage && (
                    <td>
                      {b.state !== "closed" && (
                        <div className="row">
                          <label>
                            <input
                              type="checkbox"
                              checked={withAnomalies[b.key] ?? false}
                              onChange={(e) =>
                                setWithAnomalies({ ...withAnomalies, [b.key]: e.target.checked })
                              }
                            />{" "}
                            also anomaly-held
                          </label>
                          <button type="button" disabled={action.busy} onClick={() => void reset(b, "close")}>
                            Reset {b.key}
                          </button>
                          <button
                            type="button"
                            disabled={action.busy || b.held === 0}
                            onClick={() => void reset(b, "probe")}
                          >
                            Probe {b.key}
                          </button>
                        </div>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
