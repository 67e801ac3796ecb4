import type { RunRow } from "@switchyard/store";
import { type CliIO, EXIT, UsageError } from "../io.js";
import { LOCAL_TENANT, openLocalStore } from "./run.js";

/** `switchyard runs [RUN_ID] [--workflow ID] [--db PATH] [--json]`: run history, or one run's timeline. */
export async function runsCommand(
  runId: string | undefined,
  options: { workflow?: string; db?: string; json: boolean; limit: number },
  io: CliIO,
): Promise<number> {
  const store = openLocalStore(options.db, io);
  try {
    if (runId) {
      const run = await store.getRun(runId);
      if (!run)
        throw new UsageError(
          `There is no run '${runId}' in this store.`,
          "List runs with 'switchyard runs'.",
        );
      const timeline = await store.stepExecutions(runId);
      if (options.json) io.stdout.write(`${JSON.stringify({ run, timeline }, null, 2)}\n`);
      else {
        io.stdout.write(`${describe(run)}\n`);
        for (const s of timeline) {
          io.stdout.write(
            `  ${new Date(s.startedAt).toISOString()} ${s.stepId} ${s.status} (${s.finishedAt - s.startedAt} ms)\n`,
          );
          if (s.output !== null) io.stdout.write(`    output: ${JSON.stringify(s.output)}\n`);
          if (s.explanation) io.stdout.write(`    why: ${JSON.stringify(s.explanation)}\n`);
          if (s.error) io.stdout.write(`    error: ${JSON.stringify(s.error)}\n`);
        }
      }
      return EXIT.ok;
    }
    const runs = await store.listRuns({
      tenantId: LOCAL_TENANT,
      ...(options.workflow ? { workflowId: options.workflow } : {}),
      limit: options.limit,
    });
    if (options.json) io.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
    else {
      for (const run of runs) io.stdout.write(`${describe(run)}\n`);
      io.stdout.write(`${runs.length} run${runs.length === 1 ? "" : "s"}\n`);
    }
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

function describe(run: RunRow): string {
  const error = run.error
    ? ` — ${(run.error as { code?: string }).code}: ${(run.error as { message?: string }).message}`
    : "";
  return `${run.id} ${run.workflowId}@${run.version} ${run.status} ${new Date(run.startedAt).toISOString()}${error}`;
}
