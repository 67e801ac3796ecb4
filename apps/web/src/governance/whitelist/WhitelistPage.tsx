import { type FormEvent, useState } from "react";
import { api } from "../../api/client";
import { useSession } from "../../app/session";
import { ErrorNotice } from "../ui/ErrorNotice";
import { formatTime, shortHash } from "../ui/format";
import { useAction, useApi } from "../ui/useApi";
import { parseComponentRef, parseQuota } from "./component-ref";

interface WhitelistEntry {
  readonly componentId: string;
  readonly version: string;
  readonly contentHash: string;
  readonly owner: string;
  readonly callsPerMinute: number | null;
  readonly addedBy: string;
  readonly addedAt: string;
}

/** `/whitelist`: the components IT approved; IT admins add and remove them. */
export function WhitelistPage() {
  const list = useApi<{ whitelist: WhitelistEntry[] }>("/api/components/whitelist");
  const { can } = useSession();
  const manage = can("components:whitelist");
  const action = useAction();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const remove = async (e: WhitelistEntry) => {
    setNotice(null);
    const ref = `${e.componentId}@${e.version}`;
    const path = `/api/components/whitelist/${encodeURIComponent(e.componentId)}/${encodeURIComponent(e.version)}`;
    const done = await action.run(async () => {
      await api("DELETE", path);
      return true;
    });
    setConfirming(null);
    if (done) {
      setNotice(`${ref} was removed from the whitelist.`);
      list.reload();
    }
  };

  return (
    <section>
      <h1>Approved components</h1>
      <p className="muted">
        Only these component versions may be published and run.{" "}
        {manage ? "" : "IT admins add and remove them."}
      </p>
      {manage && (
        <AddForm
          onAdded={(ref) => {
            setNotice(`${ref} is approved.`);
            list.reload();
          }}
        />
      )}
      {notice && (
        <p role="status" className="gov-ok">
          {notice}
        </p>
      )}
      {action.error !== null && <ErrorNotice error={action.error} title="Refused" />}
      {list.error ? (
        <ErrorNotice error={list.error} title="The whitelist could not be loaded" />
      ) : !list.data ? (
        <p className="loading">Loading the whitelist…</p>
      ) : (
        <table className="gov-table">
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col">Version</th>
              <th scope="col">Hash</th>
              <th scope="col">Owner</th>
              <th scope="col">Quota</th>
              <th scope="col">Approved</th>
              {manage && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {list.data.whitelist.map((e) => {
              const ref = `${e.componentId}@${e.version}`;
              return (
                <tr key={ref} data-testid={`whitelist-row-${ref}`}>
                  <th scope="row">{e.componentId}</th>
                  <td>{e.version}</td>
                  <td className="mono" title={e.contentHash}>
                    {shortHash(e.contentHash)}
                  </td>
                  <td>{e.owner}</td>
                  <td>{e.callsPerMinute === null ? "none" : `${e.callsPerMinute}/min`}</td>
                  <td>
                    {e.addedBy} <span className="muted">{formatTime(e.addedAt)}</span>
                  </td>
                  {manage && (
                    <td>
                      {confirming === ref ? (
                        <div className="row" role="group" aria-label={`Confirm removing ${ref}`}>
                          <button
                            type="button"
                            className="danger"
                            disabled={action.busy}
                            onClick={() => void remove(e)}
                          >
                            Confirm: remove {ref}
                          </button>
                          <button type="button" onClick={() => setConfirming(null)}>
                            Keep {ref}
                          </button>
                        </div>
                      ) : (
                        <button
                          type="button"
                          className="danger"
                          aria-label={`Remove ${ref} from the whitelist`}
                          onClick={() => setConfirming(ref)}
                        >
                          Remove
                        </button>
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

function AddForm({ onAdded }: { onAdded(ref: string): void }) {
  const [ref, setRef] = useState("");
  const [owner, setOwner] = useState("");
  const [quota, setQuota] = useState("");
  const [source, setSource] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseComponentRef(ref);
    const q = parseQuota(quota);
    if (!parsed.ok) return setProblem(parsed.message);
    if (!q.ok) return setProblem(q.message);
    if (!owner.trim()) return setProblem("Name the team answerable for the component (owner).");
    setProblem(null);
    const body = {
      componentId: parsed.componentId,
      version: parsed.version,
      owner: owner.trim(),
      ...(q.value === null ? {} : { callsPerMinute: q.value }),
      ...(source.trim() ? { source } : {}),
    };
    const done = await action.run(() => api("POST", "/api/components/whitelist", body));
    if (done !== undefined) {
      setRef("");
      setOwner("");
      setQuota("");
      setSource("");
      onAdded(`${parsed.componentId}@${parsed.version}`);
    }
  };

  return (
    <form className="gov-form" onSubmit={(e) => void submit(e)} aria-label="Approve a component">
      <fieldset>
        <legend>Approve a component version</legend>
        <div className="row">
          <label>
            Component (id@version)
            <input
              value={ref}
              onChange={(e) => setRef(e.target.value)}
              placeholder="acme.enrich@1.0.0"
              required
            />
          </label>
          <label>
            Owner
            <input
              value={owner}
              onChange={(e) => setOwner(e.target.value)}
              placeholder="crm-integrations"
              required
            />
          </label>
          <label>
            Quota (calls per minute, optional)
            <input value={quota} onChange={(e) => setQuota(e.target.value)} inputMode="numeric" />
          </label>
        </div>
        <label className="block">
          Component YAML (optional, for a custom component not published yet)
          <textarea value={source} onChange={(e) => setSource(e.target.value)} rows={4} spellCheck={false} />
        </label>
        <button type="submit" className="primary" disabled={action.busy}>
          Approve component
        </button>
        {problem && <p role="alert">{problem}</p>}
        {action.error !== null && <ErrorNotice error={action.error} title="Not approved" />}
      </fieldset>
    </form>
  );
}
