/**
 * @switchyard/store/testing — for tests and benchmarks, not for the product: a throwaway
 * PostgreSQL cluster (see pg/test-cluster.ts) and row fixtures.
 */
export {
  createDatabase,
  findPostgresBin,
  PostgresNotInstalledError,
  startTestCluster,
  type TestCluster,
} from "./pg/test-cluster.js";
import type { RunRow } from "./types.js";

/** A running live run of tenant t1 with empty state; `over` changes any field. */
export function runRow(id: string, over: Partial<RunRow> = {}): RunRow {
  return {
    id,
    tenantId: "t1",
    workflowId: "wf",
    version: 1,
    mode: "live",
    trigger: "event",
    eventId: `e-${id}`,
    parentRunId: null,
    status: "running",
    state: { tokens: [] },
    error: null,
    startedAt: 1,
    updatedAt: 1,
    finishedAt: null,
    ...over,
  };
}
