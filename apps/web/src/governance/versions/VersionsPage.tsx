import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { api } from "../../api/client";
import { useSession } from "../../app/session";
import { ErrorNotice } from "../ui/ErrorNotice";
import { formatTime, shortHash } from "../ui/format";
import { useAction, useApi } from "../ui/useApi";
import { DiffPanel } from "./DiffPanel";
import { defaultPair } from "./lineage";

interface VersionSummary {
  readonly version: number;
  readonly status: string;
  readonly hash: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** `/workflows/:id/versions`: every version, a diff between two, and rollback / retire by role. */
export function VersionsPage() {
  const { id = "" } = useParams();
  const enc = encodeURIComponent(id);
  const versions = useApi<{ versions: VersionSummary[] }>(`/api/definitions/workflow/${enc}/versions`);
  const [pair, setPair] = useState<{ from: number; to: number } | null>(null);
  const list = versions.data?.versions;
  useEffect(() => {
    if (list && !pair) setPair(defaultPair(list));
  }, [list, pair]);

  return (
    <section>
      <header className="gov-header">
        <h1>Versions of {id}</h1>
        <nav aria-label="Workflow">
          <Link to={`/workflows/${enc}`}>Editor</Link>
          <Link to={`/workflows/${enc}/shadow`}>Shadow report</Link>
          <Link to={`/runs?workflow=${enc}`}>Runs</Link>
        </nav>
      </header>
      {versions.error ? (
        <ErrorNotice error={versions.error} title="The versions could not be loaded" />
      ) : !list ? (
        <p className="loading">Loading versions…</p>
      ) : (
        <>
          <VersionTable id={id} versions={list} pair={pair} onPick={setPair} onChanged={versions.reload} />
          {pair && <DiffPanel key={`${pair.from}-${pair.to}`} id={id} from={pair.from} to={pair.to} />}
        </>
      )}
    </section>
  );
}

function VersionTable({
  id,
  versions,
  pair,
  onPick,
  onChanged,
}: {
  id: string;
  versions: readonly VersionSummary[];
  pair: { from: number; to: number } | null;
  onPick(pair: { from: number; to: number }): void;
  onChanged(): void;
}) {
  const { can } = useSession();
  const mayRollback = can("definitions:rollback");
  const [reason, setReason] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const action = useAction();
  const enc = encodeURIComponent(id);
  const hasLive = versions.some((v) => v.status === "live");

  const act = async (label: string, path: string, body: Record<string, unknown>) => {
    setNotice(null);
    const done = await action.run(() =>
      api("POST", path, reason.trim() ? { ...body, reason: reason.trim() } : body),
    );
    if (done !== undefined) {
      setNotice(label);
      onChanged();
    }
  };

  return (
    <>
      <table className="gov-table">
        <caption>Newest first. Pick two versions to compare.</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Status</th>
            <th scope="col">Author</th>
            <th scope="col">Published</th>
            <th scope="col">Hash</th>
            <th scope="col">Compare from</th>
            <th scope="col">Compare to</th>
            {mayRollback && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} data-testid={`version-row-${v.version}`}>
              <th scope="row">v{v.version}</th>
              <td>
                <span className={`pill status-${v.status}`}>{v.status}</span>
                {v.status === "shadow" && (
                  <>
                    {" "}
                    <Link to={`/workflows/${enc}/shadow`}>report</Link>
                  </>
                )}
              </td>
              <td>{v.createdBy}</td>
              <td>{formatTime(v.createdAt)}</td>
              <td className="mono" title={v.hash}>
                {shortHash(v.hash)}
              </td>
              <td>
                <input
                  type="radio"
                  name="from"
                  aria-label={`Compare from version ${v.version}`}
                  checked={pair?.from === v.version}
                  onChange={() => onPick({ from: v.version, to: pair?.to ?? v.version })}
                />
              </td>
              <td>
                <input
                  type="radio"
                  name="to"
                  aria-label={`Compare to version ${v.version}`}
                  checked={pair?.to === v.version}
                  onChange={() => onPick({ from: pair?.from ?? v.version, to: v.version })}
                />
              </td>
              {mayRollback && (
                <td>
                  {v.status === "live" ? (
                    <button
                      type="button"
                      className="danger"
                      disabled={action.busy}
                      onClick={() => {
                        if (window.confirm(`Retire ${id}? No version will be live and no new runs start.`))
                          void act(`${id} is retired.`, `/api/workflows/${enc}/retire`, {});
                      }}
                    >
                      Retire version {v.version}
                    </button>
                  ) : v.status === "retired" && hasLive ? (
                    <button
                      type="button"
                      disabled={action.busy}
                      onClick={() => {
                        if (window.confirm(`Roll ${id} back to version ${v.version}?`))
                          void act(`Version ${v.version} is live again.`, `/api/workflows/${enc}/rollback`, {
                            toVersion: v.version,
                          });
                      }}
                    >
                      Rollback to version {v.version}
                    </button>
                  ) : null}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {mayRollback && (
        <label className="gov-reason">
          Reason for a rollback or retirement (written to the audit log)
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
        </label>
      )}
      {notice && (
        <p role="status" className="gov-ok">
          {notice}
        </p>
      )}
      {action.error !== null && <ErrorNotice error={action.error} title="Refused" />}
    </>
  );
}
