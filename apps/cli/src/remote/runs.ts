import type { RunHistory, RunView, StepView } from "../commands/runs.js";
import { UsageError } from "../io.js";
import { clean, RemoteError, type ServerClient, unexpectedAnswer } from "./client.js";

/** The most runs `GET /api/runs` answers with at once. */
const SERVER_LIMIT = 500;

/**
 * Run history on a server: `GET /api/runs` and `GET /api/runs/{id}`. `--json` prints the API's own
 * shapes (times as ISO strings), as documented in docs/api.md.
 */
export function serverRunHistory(client: ServerClient): RunHistory {
  return {
    where: `on the server at ${client.target.url.origin}`,
    async list(filter) {
      if (filter.limit > SERVER_LIMIT)
        throw new UsageError(
          `--limit is at most ${SERVER_LIMIT} on a server.`,
          "Narrow it with --workflow ID.",
        );
      const { body } = await client.request({
        method: "GET",
        path: "api/runs",
        query: { workflow: filter.workflow, limit: filter.limit },
      });
      const runs = (body as { runs?: unknown } | undefined)?.runs;
      if (!Array.isArray(runs)) throw unexpectedAnswer("GET /api/runs");
      return { runs: runs.map((r: unknown) => runView(r, "GET /api/runs")), json: runs };
    },
    async get(id) {
      let body: unknown;
      try {
        ({ body } = await client.request({ method: "GET", path: `api/runs/${encodeURIComponent(id)}` }));
      } catch (error) {
        if (error instanceof RemoteError && error.status === 404) return undefined;
        throw error;
      }
      const { run, timeline } = (body ?? {}) as { run?: unknown; timeline?: unknown };
      if (!Array.isArray(timeline)) throw unexpectedAnswer("GET /api/runs/{id}");
      return {
        run: runView(run, "GET /api/runs/{id}"),
        timeline: timeline.map((s: unknown) => stepView(s, "GET /api/runs/{id}")),
        json: body,
      };
    },
    close: async () => {},
  };
}

function runView(value: unknown, endpoint: string): RunView {
  const r = (value ?? {}) as Record<string, unknown>;
  const startedAt = time(r.startedAt);
  if (typeof r.id !== "string" || typeof r.workflowId !== "string" || typeof r.version !== "number")
    throw unexpectedAnswer(endpoint);
  if (typeof r.status !== "string" || startedAt === undefined) throw unexpectedAnswer(endpoint);
  return {
    id: clean(r.id),
    workflowId: clean(r.workflowId),
    version: r.version,
    status: clean(r.status),
    startedAt,
    error: r.error ?? null,
  };
}

function stepView(value: unknown, endpoint: string): StepView {
  const s = (value ?? {}) as Record<string, unknown>;
  const startedAt = time(s.startedAt);
  const finishedAt = time(s.finishedAt);
  if (typeof s.stepId !== "string" || typeof s.status !== "string") throw unexpectedAnswer(endpoint);
  if (startedAt === undefined || finishedAt === undefined) throw unexpectedAnswer(endpoint);
  return {
    stepId: clean(s.stepId),
    status: clean(s.status),
    startedAt,
    finishedAt,
    output: s.output ?? null,
    explanation: s.explanation ?? null,
    error: s.error ?? null,
  };
}

/** An ISO time from the API as epoch milliseconds; undefined when it is not one. */
function time(value: unknown): number | undefined {
  const ms = typeof value === "string" ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}
