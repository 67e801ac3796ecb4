import type { RunRow, StepExecutionRow } from "@switchyard/store";
import { Router } from "express";
import type { ServerContext } from "../context.js";
import { notFound } from "../errors.js";
import { canReadRegion } from "../auth/policy.js";
import { bind, endpoint } from "../validation/endpoint.js";
import { closed } from "../validation/schema.js";

const MOUNT = "/api/runs";
const TAG = "Runs";
const RUN_STATUSES = ["running", "waiting", "completed", "failed", "paused", "cancelled"] as const;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` }) as const;

/** The run-history endpoints; bound by `runsRoutes` and documented in the OpenAPI document. */
export const runEndpoints = [
  endpoint({
    method: "get",
    path: MOUNT,
    operationId: "listRuns",
    tag: TAG,
    summary: "List the tenant's runs, newest first",
    permission: "runs:read",
    query: closed({
      workflow: { type: "string", minLength: 1, maxLength: 100, description: "Only runs of this workflow." },
      status: { type: "string", enum: RUN_STATUSES, description: "Only runs with this status." },
      limit: { type: "integer", minimum: 1, maximum: 500, default: 50, description: "At most this many." },
    }),
    responses: {
      "200": {
        description: "The runs (without their state; read one run for that).",
        schema: closed({ runs: { type: "array", items: ref("RunSummary") } }, ["runs"]),
      },
    },
  }),
  endpoint({
    method: "get",
    path: `${MOUNT}/{id}`,
    operationId: "getRun",
    tag: TAG,
    summary: "Read a run: its state and the timeline of its steps",
    permission: "runs:read",
    params: closed({ id: { type: "string", minLength: 1, maxLength: 200 } }, ["id"]),
    responses: {
      "200": {
        description: "The run and its step executions, in order.",
        schema: closed({ run: ref("Run"), timeline: { type: "array", items: ref("StepExecution") } }, [
          "run",
          "timeline",
        ]),
      },
      "404": { description: "The tenant has no such run." },
    },
  }),
] as const;

const [listEndpoint, getEndpoint] = runEndpoints;

/**
 * Run history of the caller's tenant.
 * Mount at the root (`app.use(router)`): the routes carry their full paths.
 */
export function runsRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { store } = ctx;

  bind(router, listEndpoint, async ({ caller, query, res }) => {
    const limit = query.limit ?? 50;
    // Directors see only their region's runs, so read further than `limit` before filtering.
    const runs = await store.listRuns({
      tenantId: caller.tenantId,
      ...(query.workflow ? { workflowId: query.workflow } : {}),
      ...(query.status ? { status: query.status } : {}),
      limit: canReadRegion(caller, "any-other-region") ? limit : Math.max(limit, 1000),
    });
    const visible: RunRow[] = [];
    for (const run of runs) {
      if (visible.length >= limit) break;
      if (canReadRegion(caller, await regionOf(ctx, run))) visible.push(run);
    }
    res.json({ runs: visible.map(runSummary) });
  });

  bind(router, getEndpoint, async ({ caller, params, res }) => {
    const run = await store.getRun(params.id);
    // Another tenant's run is indistinguishable from a missing one.
    if (!run || run.tenantId !== caller.tenantId || !canReadRegion(caller, await regionOf(ctx, run))) {
      throw notFound(`The run '${params.id}'`);
    }
    const timeline = await store.stepExecutions(run.id);
    res.json({ run: { ...runSummary(run), state: run.state }, timeline: timeline.map(stepExecution) });
  });

  return router;
}

/** The region of the workflow version a run executes (runs are as private as their workflow). */
async function regionOf(ctx: ServerContext, run: RunRow): Promise<string | undefined> {
  const live = ctx.engine.registry.liveWorkflow(run.tenantId, run.workflowId);
  if (live?.version === run.version) return live.workflow.region;
  const version = await ctx.store.getVersion(run.tenantId, "workflow", run.workflowId, run.version);
  return (version?.body as { region?: string } | undefined)?.region;
}

function runSummary(run: RunRow) {
  return {
    id: run.id,
    workflowId: run.workflowId,
    version: run.version,
    mode: run.mode,
    trigger: run.trigger,
    eventId: run.eventId,
    parentRunId: run.parentRunId,
    status: run.status,
    error: run.error ?? null,
    startedAt: iso(run.startedAt),
    updatedAt: iso(run.updatedAt),
    finishedAt: run.finishedAt === null ? null : iso(run.finishedAt),
  };
}

function stepExecution(s: StepExecutionRow) {
  return {
    stepId: s.stepId,
    tokenId: s.tokenId,
    attempt: s.attempt,
    status: s.status,
    input: s.input ?? null,
    output: s.output ?? null,
    error: s.error ?? null,
    explanation: s.explanation ?? null,
    effects: s.effects ?? null,
    startedAt: iso(s.startedAt),
    finishedAt: iso(s.finishedAt),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
