import { useEffect, useState } from "react";
import { api } from "../../api/client";
import { ErrorNotice } from "../ui/ErrorNotice";
import { formatTime } from "../ui/format";
import { useApi } from "../ui/useApi";
import { type AuditEntry, detailView, newestFirst, type Verification, verificationText } from "./audit-view";

const PAGE = 1000;

/** Reads the whole log page by page (the API answers oldest first, at most 1000 at a time). */
async function loadAll(): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  for (;;) {
    const after = all.length ? `&after=${all[all.length - 1]?.seq ?? 0}` : "";
    const { entries } = await api<{ entries: AuditEntry[] }>("GET", `/api/audit?limit=${PAGE}${after}`);
    all.push(...entries);
    if (entries.length < PAGE) return all;
  }
}

/** `/audit`: the tamper-evident audit log, newest first, under the chain's verification. */
export function AuditPage() {
  const verify = useApi<Verification>("/api/audit/verify");
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [action, setAction] = useState("");
  useEffect(() => {
    loadAll()
      .then((all) => setEntries(newestFirst(all)))
      .catch((e: unknown) => setError(e));
  }, []);
  const actions = [...new Set((entries ?? []).map((e) => e.action))].sort();
  const shown = (entries ?? []).filter((e) => !action || e.action === action);

  return (
    <section>
      <h1>Audit log</h1>
      <div data-testid="audit-verification" aria-live="polite">
        {verify.error ? (
          <ErrorNotice error={verify.error} title="The chain could not be verified" />
        ) : !verify.data ? (
          <p className="loading">Verifying the chain…</p>
        ) : verify.data.ok ? (
          <p className="gov-banner ok">✓ {verificationText(verify.data)}</p>
        ) : (
          <p className="gov-banner bad" role="alert">
            ✗ {verificationText(verify.data)}
          </p>
        )}
      </div>
      {error ? (
        <ErrorNotice error={error} title="The audit log could not be loaded" />
      ) : !entries ? (
        <p className="loading">Loading the audit log…</p>
      ) : (
        <>
          <label className="gov-filter">
            Action{" "}
            <select value={action} onChange={(e) => setAction(e.target.value)}>
              <option value="">all ({entries.length})</option>
              {actions.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <table className="gov-table gov-audit">
            <caption>Newest first</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Time</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Object</th>
                <th scope="col">Version</th>
                <th scope="col">Changes and data scope</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <AuditRow
                  key={e.seq}
                  entry={e}
                  bad={verify.data?.ok === false && verify.data.firstBadSeq === e.seq}
                />
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function AuditRow({ entry: e, bad }: { entry: AuditEntry; bad: boolean }) {
  const view = detailView(e.detail);
  return (
    <tr data-testid={`audit-entry-${e.seq}`} className={bad ? "audit-bad" : undefined}>
      <td>{e.seq}</td>
      <td>{formatTime(e.at)}</td>
      <td>{e.actor}</td>
      <td>
        <span className="pill">{e.action}</span>
      </td>
      <td className="mono">{e.object}</td>
      <td>{e.version ?? "—"}</td>
      <td>
        {view.diff.length > 0 && <pre className="gov-diff-lines">{view.diff.join("\n")}</pre>}
        {view.scope.length > 0 && (
          <dl className="gov-scope">
            {view.scope.map((s) => (
              <div key={s.label}>
                <dt>{s.label}</dt>
                <dd>{s.values.join(", ")}</dd>
              </div>
            ))}
          </dl>
        )}
        {view.other.length > 0 && (
          <div className="muted">{view.other.map((o) => `${o.key}: ${o.value}`).join(" · ")}</div>
        )}
      </td>
    </tr>
  );
}
