import type { RunRow, StepCommit, StoreWrite } from "./types.js";

/** A run's transitions in a collapsible batch: its revision before the first, how many, and its last row. */
export interface CollapsedRun {
  readonly fromRev: number;
  readonly count: number;
  readonly last: RunRow;
}

/** Each committed run of a collapsible batch, its transitions collapsed into one row write. */
export function collapsedRuns(writes: readonly StoreWrite[]): Map<string, CollapsedRun> {
  const runs = new Map<string, CollapsedRun>();
  for (const write of writes) {
    if (write.kind !== "commit") continue;
    const run = write.commit.run;
    const seen = runs.get(run.id);
    runs.set(run.id, {
      fromRev: seen?.fromRev ?? (run.rev as number),
      count: (seen?.count ?? 0) + 1,
      last: run,
    });
  }
  return runs;
}

/** The run a write of a batch belongs to (a start-runs write: its first run), if any. */
export function writeRunId(write: StoreWrite): string | undefined {
  switch (write.kind) {
    case "commit":
      return write.commit.run.id;
    case "start-runs":
      return write.runs[0]?.id;
    case "deliveries":
      return undefined;
  }
}

/**
 * Whether a group commit's transitions can be collapsed, one row write per run: transitions of
 * runs read with their revision, none touching rows another write in the batch changes, and no
 * timers, waits, tasks or delivery records (the engine loop's batches; anything else goes write
 * by write).
 */
export function collapsible(writes: readonly StoreWrite[]): boolean {
  const committed = new Set<string>();
  const touched = new Set<string>();
  for (const w of writes) {
    if (w.kind === "start-runs") {
      for (const run of w.runs) touched.add(run.id);
      continue;
    }
    if (w.kind === "deliveries") continue;
    const c: StepCommit = w.commit;
    if (c.run.rev === undefined) return false;
    if (c.timers?.length || c.firedTimers?.length || c.waits?.length || c.resolvedWaits?.length) return false;
    if (c.tasks?.length || c.outboxUpdates?.length) return false;
    committed.add(c.run.id);
    for (const run of [...(c.relatedRuns ?? []), ...(c.newRuns ?? [])]) touched.add(run.id);
  }
  for (const id of touched) if (committed.has(id)) return false;
  return true;
}
