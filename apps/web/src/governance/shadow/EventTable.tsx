import { Link } from "react-router";
import { formatMs, formatTime } from "../ui/format";
import { describeEntry, differingEntries } from "./series";
import type { EventComparison } from "./types";

/** Every event the shadow version handled: its verdict, both runs, and what differed. */
export function EventTable({ events }: { events: readonly EventComparison[] }) {
  if (events.length === 0)
    return (
      <p className="muted">
        No events yet. The shadow version runs on every matching event; send some, or replay the last days.
      </p>
    );
  return (
    <table className="gov-table gov-events">
      <caption>Events, oldest first ({events.length})</caption>
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">Verdict</th>
          <th scope="col">Live run</th>
          <th scope="col">Shadow run</th>
          <th scope="col">Latency live / shadow</th>
          <th scope="col">What differed (live → shadow)</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <EventRow key={e.eventId} event={e} />
        ))}
      </tbody>
    </table>
  );
}

function EventRow({ event: e }: { event: EventComparison }) {
  const lines = differingEntries(e).flatMap(describeEntry);
  return (
    <tr className={`verdict-${e.verdict}`}>
      <td>
        <div>{e.eventType}</div>
        <div className="muted">{formatTime(e.occurredAt)}</div>
        <div className="muted mono">{e.eventId}</div>
      </td>
      <td>
        <span className={`pill verdict-${e.verdict}`}>{e.verdict}</span>
        {e.anomaly && <span className="pill tone-bad">anomaly</span>}
        {e.statusDiffers && <span className="pill tone-warn">status differs</span>}
      </td>
      <td>
        {e.liveRunId ? (
          <Link to={`/runs/${encodeURIComponent(e.liveRunId)}`}>{e.liveStatus ?? "run"}</Link>
        ) : (
          "none"
        )}
        {e.liveError && <div className="error">{e.liveError.message}</div>}
      </td>
      <td>
        <Link to={`/runs/${encodeURIComponent(e.shadowRunId)}`}>{e.shadowStatus}</Link>
        {e.shadowError && (
          <div className="error">
            {e.shadowError.code}: {e.shadowError.message}
          </div>
        )}
      </td>
      <td>
        {formatMs(e.latencyMs.live)} / {formatMs(e.latencyMs.shadow)}
      </td>
      <td>
        {lines.length === 0 ? (
          <span className="muted">{e.verdict === "identical" ? "nothing" : "—"}</span>
        ) : (
          <pre className="gov-diff-lines">{lines.join("\n")}</pre>
        )}
        {e.boundaryViolations.map((v) => (
          <div key={`${v.entity}/${v.id}`} className="error">
            Boundary: {v.entity} {v.id} in region {v.region} ({v.touched.join(", ")})
          </div>
        ))}
      </td>
    </tr>
  );
}
