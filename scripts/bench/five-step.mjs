// The benchmark's workflow is the crash test's: one definition of "five-step" for both.
import { FIVE_STEP_PROJECT } from "../../packages/runtime/tests/crash/five-step.mjs";

export { FIVE_STEP_PROJECT };

/** A project (path → YAML text) as the source files `engine.deploy` takes. */
export const sourcesOf = (project = FIVE_STEP_PROJECT) =>
  Object.entries(project).map(([p, text]) => ({ path: p, text }));

/** Ingests `events` five-step events (`lead.received`, amounts spread over 0–999) into `tenantId`. */
export async function ingestFiveStep(engine, events, { tenantId = "bench", label = "Lead" } = {}) {
  for (let i = 0; i < events; i++)
    await engine.ingest({
      tenantId,
      type: "lead.received",
      payload: { name: `${label} ${i}`, amount: (i * 37) % 1000 },
    });
}
