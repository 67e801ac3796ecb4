import type { RunRow } from "@switchyard/store";
import type { RunInfo } from "../components/contract.js";

/** What a step and its expressions see of the run: the stored run and its workflow's region. */
export const runInfoOf = (run: RunRow, region: string): RunInfo => ({
  id: run.id,
  tenantId: run.tenantId,
  workflowId: run.workflowId,
  version: run.version,
  mode: run.mode,
  region,
  startedAt: run.startedAt,
});
