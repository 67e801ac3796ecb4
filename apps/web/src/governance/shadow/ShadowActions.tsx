import { useState } from "react";
import { api, ApiError } from "../../api/client";
import { useSession } from "../../app/session";
import { ErrorNotice } from "../ui/ErrorNotice";
import { useAction } from "../ui/useApi";
import { GateList } from "./Gates";
import { gatesOfRefusal } from "./series";
import type { ShadowStatus } from "./types";

/** What the signed-in user may do with the version in shadow: sign off, promote, replay, stop. */
export function ShadowActions({ status, onChanged }: { status: ShadowStatus; onChanged(): void }) {
  const { can } = useSession();
  const id = encodeURIComponent(status.workflowId);
  const [comment, setComment] = useState("");
  const [days, setDays] = useState(7);
  const [notice, setNotice] = useState<string | null>(null);
  const action = useAction();
  const refusedGates =
    action.error instanceof ApiError && action.error.code === "lifecycle/gates-failed"
      ? gatesOfRefusal(action.error.body)
      : [];

  const act = async (label: string, method: string, path: string, body: unknown) => {
    setNotice(null);
    const done = await action.run(() => api(method, path, body));
    if (done !== undefined) {
      setNotice(label);
      onChanged();
    }
  };
  const decide = (decision: "approved" | "rejected") =>
    act(
      `Version ${status.version} ${decision}.`,
      "POST",
      `/api/workflows/${id}/versions/${status.version}/approval`,
      comment.trim() ? { decision, comment: comment.trim() } : { decision },
    );

  const canApprove = can("definitions:approve");
  const canPromote = can("definitions:promote");
  const canPublish = can("definitions:publish");
  if (!canApprove && !canPromote && !canPublish)
    return <p className="muted">You can read this report; signing off and promoting need other roles.</p>;

  return (
    <section className="gov-actions" aria-label="Shadow actions">
      {canApprove && (
        <fieldset>
          <legend>Sign-off of version {status.version}</legend>
          <label>
            Comment
            <textarea
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              rows={2}
              maxLength={2000}
            />
          </label>
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={action.busy}
              onClick={() => void decide("approved")}
            >
              Approve version {status.version}
            </button>
            <button
              type="button"
              className="danger"
              disabled={action.busy}
              onClick={() => void decide("rejected")}
            >
              Reject version {status.version}
            </button>
          </div>
        </fieldset>
      )}
      {canPromote && (
        <fieldset>
          <legend>Promotion</legend>
          <button
            type="button"
            className="primary"
            disabled={action.busy}
            onClick={() =>
              void act(`Version ${status.version} is live.`, "POST", `/api/workflows/${id}/promote`, {
                version: status.version,
              })
            }
          >
            Promote version {status.version} to live
          </button>
          {!status.promotable && (
            <p className="muted">Some gates have not passed yet; promotion will be refused.</p>
          )}
        </fieldset>
      )}
      {canPublish && (
        <fieldset>
          <legend>Shadow run</legend>
          <div className="row">
            <label>
              Days to replay
              <input
                type="number"
                min={1}
                max={365}
                value={days}
                onChange={(e) => setDays(Number(e.target.value))}
              />
            </label>
            <button
              type="button"
              disabled={action.busy || !(days >= 1 && days <= 365)}
              onClick={() =>
                void act(`Replayed the last ${days} day(s).`, "POST", `/api/workflows/${id}/shadow/replay`, {
                  days,
                  version: status.version,
                })
              }
            >
              Replay last {days} day(s)
            </button>
            <button
              type="button"
              className="danger"
              disabled={action.busy}
              onClick={() => {
                if (window.confirm(`Stop the shadow of version ${status.version}? It will be retired.`))
                  void act("The shadow run was stopped.", "POST", `/api/workflows/${id}/shadow/stop`, {});
              }}
            >
              Stop shadow
            </button>
          </div>
        </fieldset>
      )}
      {action.busy && <p className="loading">Working…</p>}
      {notice && (
        <p role="status" className="gov-ok">
          {notice}
        </p>
      )}
      {action.error !== null && (
        <div>
          <ErrorNotice error={action.error} title="Refused" />
          {refusedGates.length > 0 && (
            <GateList gates={refusedGates} caption="Gates that blocked the promotion" />
          )}
        </div>
      )}
    </section>
  );
}
