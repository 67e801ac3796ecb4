import { type CliIO, EXIT, UsageError } from "../io.js";
import { LOCAL_TENANT, openLocalStore } from "./run.js";

/** What the text output shows of a run, whether it came from the local store or a server. */
export interface RunView {
  readonly id: string;
  readonly workflowId: string;
  readonly version: number;
  readonly status: string;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly error: unknown;
}

/** What the text output shows of one step execution. */
export interface StepView {
  readonly stepId: string;
  readonly status: string;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly output: unknown;
  readonly explanation: unknown;
  readonly error: unknown;
}

/**
 * Where `switchyard runs` reads run history: the local store or a server. Each answer carries the
 * views the text output prints and `json`, what `--json` prints (the source's own shape).
 */
export interface RunHistory {
  /** Says where the runs are, for messages: "in this store", "on the server at …". */
  readonly where: string;
  list(filter: {
    readonly workflow?: string;
    readonly limit: number;
  }): Promise<{ runs: readonly RunView[]; json: unknown }>;
  /** The run and its timeline, or undefined when there is no such run. */
  get(id: string): Promise<{ run: RunView; timeline: readonly StepView[]; json: unknown } | undefined>;
  close(): Promise<void>;
}

/** The run history in the local SQLite store (--db, else $SWITCHYARD_DATA/switchyard.db). */
export function localRunHistory(db: string | undefined, io: CliIO): RunHistory {
  const store = openLocalStore(db, io);
  return {
    where: "in this store",
    async list(filter) {
      const runs = await store.listRuns({
        tenantId: LOCAL_TENANT,
        ...(filter.workflow ? { workflowId: filter.workflow } : {}),
        limit: filter.limit,
      });
      return { runs, json: runs };
    },
    async get(id) {
      const run = await store.getRun(id);
      if (!run) return undefined;
      const timeline = await store.stepExecutions(id);
      return { run, timeline, json: { run, timeline } };
    },
    close: () => store.close(),
  };
}

/**
 * `switchyard runs [RUN_ID] [--workflow ID] [--limit N] [--json]`: run history, or one run's
 * timeline, read from the local store or a server; both print the same way.
 */
export async function runsCommand(
  runId: string | undefined,
  options: { workflow?: string; json: boolean; limit: number },
  history: RunHistory,
  io: CliIO,
): Promise<number> {
  try {
    if (runId) {
      const found = await history.get(runId);
      if (!found)
        throw new UsageError(
          `There is no run '${runId}' ${history.where}.`,
          "List runs with 'switchyard runs'.",
        );
      if (options.json) io.stdout.write(`${JSON.stringify(found.json, null, 2)}\n`);
      else io.stdout.write(formatTimeline(found.run, found.timeline));
      return EXIT.ok;
    }
    const { runs, json } = await history.list({
      ...(options.workflow ? { workflow: options.workflow } : {}),
      limit: options.limit,
    });
    if (options.json) io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    else io.stdout.write(formatRunList(runs));
    return EXIT.ok;
  } finally {
    await history.close();
  }
}

/** One line per run, then a count. */
export function formatRunList(runs: readonly RunView[]): string {
  return `${runs.map((run) => `${describe(run)}\n`).join("")}${runs.length} run${runs.length === 1 ? "" : "s"}\n`;
}

/** The run's line, then each step with its time, duration, output, reasons and error. */
export function formatTimeline(run: RunView, timeline: readonly StepView[]): string {
  let out = `${describe(run)}\n`;
  for (const s of timeline) {
    out += `  ${new Date(s.startedAt).toISOString()} ${s.stepId} ${s.status} (${s.finishedAt - s.startedAt} ms)\n`;
    if (s.output !== null) out += `    output: ${JSON.stringify(s.output)}\n`;
    if (s.explanation) out += `    why: ${JSON.stringify(s.explanation)}\n`;
    if (s.error) out += `    error: ${JSON.stringify(s.error)}\n`;
  }
  return out;
}

function describe(run: RunView): string {
  const error = run.error
    ? ` — ${(run.error as { code?: string }).code}: ${(run.error as { message?: string }).message}`
    : "";
  return `${run.id} ${run.workflowId}@${run.version} ${run.status} ${new Date(run.startedAt).toISOString()}${error}`;
}
