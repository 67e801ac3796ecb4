import { parseDuration, type Step } from "@switchyard/definitions";
import type { RunRow, StepCommit, StepExecutionRow, TaskRow, TimerRow } from "@switchyard/store";
import {
  type RunInfo,
  type StepContext,
  type StepError,
  StepFailure,
  type StepOutcome,
  type WaitRequest,
} from "../components/contract.js";
import { createLiveGateway, StagedEffects } from "../effects/index.js";
import { mirrorHttpReply } from "../effects/mirror.js";
import { createShadowGateway } from "../effects/shadow-gateway.js";
import { evaluate, type Json, render } from "../expressions/index.js";
import { bindingsFor, withNames } from "./bindings.js";
import { arriveAtJoin, type RouteExplanation, route } from "./routing.js";
import { cloneState, type RunState, type Token } from "./run-state.js";
import type { ExecutionServices, RunnableWorkflow } from "./services.js";
import { stableId } from "./ids.js";
import { runInfoOf } from "./run-info.js";

/** The wait of a shadow run's human step: resumed with the live twin's answer at the same step. */
export const shadowTaskWait = (stepId: string) => `shadow-task:${stepId}`;

/**
 * Executes one step of one ready token of a run and returns everything that changed as a single
 * commit. Undefined when the run has no ready token. Pure with respect to the store: reads only.
 */
export async function advanceRun(svc: ExecutionServices, run: RunRow): Promise<StepCommit | undefined> {
  const state = cloneState(run.state as RunState);
  const token = state.tokens.find((t) => t.status === "ready");
  if (!token) return undefined;
  const workflow = await svc.workflow(run.tenantId, run.workflowId, run.version);
  const indexed = workflow.steps.get(token.stepId);
  const now = svc.now();
  state.seq += 1;
  const instance = `${token.id}.${state.seq}`;
  const info = runInfoOf(run, workflow.workflow.region);
  const commit: Mutable = { run, timers: [], waits: [], tasks: [], newRuns: [] };
  const staged = new StagedEffects();
  if (!indexed)
    return finish(run, state, now, commit, {
      code: "run/unknown-step",
      message: `The run is at step '${token.stepId}', which version ${run.version} does not have.`,
    });
  const step = indexed.step;
  // One set of bindings for the step's expressions (each converts what it reads once), and a
  // fresh one for routing, which also sees this step's output.
  let scope: Record<string, unknown> | undefined;
  const bindings = () => (scope ??= bindingsFor(info, state, token, workflow.types, now));
  const ctx = contextFor(
    svc,
    info,
    workflow,
    step,
    token,
    staged,
    now,
    `${run.id}:${instance}`,
    bindings,
    state,
  );
  let outcome: StepOutcome;
  try {
    const component = workflow.components.get(step.id);
    const refusal = component && svc.admit ? await svc.admit(run.tenantId, component, run.mode) : undefined;
    if (refusal) throw new StepFailure(refusal.error, refusal.retryable);
    outcome = await execute(
      svc,
      run,
      workflow,
      step,
      indexed.componentId,
      token,
      state,
      ctx,
      commit,
      instance,
    );
  } catch (error) {
    outcome =
      error instanceof StepFailure
        ? { kind: "failed", error: error.error, retryable: error.retryable }
        : {
            kind: "failed",
            error: {
              code: "step/crashed",
              message: `The step failed unexpectedly: ${error instanceof Error ? error.message : String(error)}.`,
            },
            retryable: false,
          };
  }
  const resumed = token.resume;
  delete token.resume;
  let explanation: unknown = outcome.kind === "completed" ? (outcome.explanation ?? null) : null;
  let error: StepError | undefined;
  if (outcome.kind === "completed") {
    const output = (outcome.output ?? null) as Json;
    if (outcome.output !== ABSORBED) {
      state.steps[step.id] = { output };
      state.result = output;
      scope = undefined;
      const routed = tryRoute(workflow, state, token, step.id, output, bindings);
      explanation =
        routed.explanation.evaluated.length > 0 || explanation
          ? { ...(explanation as object), route: routed.explanation }
          : explanation;
      if (!routed.ok) error = routed.error;
    }
  } else if (outcome.kind === "waiting") {
    const http = staged.summary.findLast((e) => e.kind === "http");
    const mirrored =
      run.mode === "shadow" && outcome.waitFor.kind === "outbox" && http
        ? await mirrorHttpReply(svc.store, run, state, http.target)
        : undefined;
    registerWait(
      mirrored && "wait" in mirrored ? mirrored.wait : outcome.waitFor,
      token,
      run,
      step,
      now,
      commit,
      `${run.id}:${instance}`,
    );
    if (mirrored && "reply" in mirrored) token.resume = mirrored.reply;
  } else {
    error = onFailure(
      step,
      token,
      state,
      outcome.error,
      outcome.retryable,
      now,
      run,
      commit,
      `${run.id}:${instance}`,
    );
  }
  const execution: StepExecutionRow = {
    runId: run.id,
    stepId: step.id,
    tokenId: instance,
    attempt: token.attempt,
    status:
      outcome.kind === "completed"
        ? "completed"
        : outcome.kind === "waiting"
          ? "waiting"
          : error
            ? "failed"
            : "retrying",
    input: { inputs: safeInputs(ctx), ...(resumed ? { resumed } : {}) },
    output: outcome.kind === "completed" && outcome.output !== ABSORBED ? (outcome.output ?? null) : null,
    error: outcome.kind === "failed" ? outcome.error : (error ?? null),
    explanation,
    effects: staged.summary.length > 0 && outcome.kind !== "failed" ? staged.summary : null,
    startedAt: now,
    finishedAt: svc.now(),
  };
  // A failed attempt's effects never happen: only a step that completed or waits commits them.
  const keep = outcome.kind !== "failed";
  Object.assign(commit, {
    execution,
    recordWrites: keep ? staged.recordWrites : [],
    outbox: keep ? staged.outbox : [],
    notifications: keep ? staged.notifications : [],
  });
  return finish(run, state, now, commit, error);
}

/** A shadow run reads its own writes (its overlay) before live records. */
function shadowAware(info: RunInfo, state: RunState, live: StepContext["records"]): StepContext["records"] {
  if (info.mode !== "shadow") return live;
  const overlay = () => state.overlay ?? {};
  const row = (entity: string, id: string, data: Record<string, unknown>) => ({
    tenantId: info.tenantId,
    entity,
    id,
    data,
    version: 0,
    createdAt: 0,
    updatedAt: 0,
  });
  return {
    async get(entity, id) {
      const own = overlay()[`${entity}/${id}`];
      return own ? row(entity, id, own) : live.get(entity, id);
    },
    async find(entity, match, limit = 10) {
      const fits = (data: Record<string, unknown>, id: string) =>
        Object.entries(match).every(([k, v]) => String(k === "id" ? id : data[k]) === String(v));
      const own = Object.entries(overlay())
        .filter(([key]) => key.startsWith(`${entity}/`))
        .map(([key, data]) => row(entity, key.slice(entity.length + 1), data))
        .filter((r) => fits(r.data, r.id));
      const ids = new Set(own.map((r) => r.id));
      return [...own, ...(await live.find(entity, match, limit)).filter((r) => !ids.has(r.id))].slice(
        0,
        limit,
      );
    },
  };
}

function safeInputs(ctx: StepContext): unknown {
  try {
    return ctx.inputs;
  } catch {
    return null;
  }
}

type Mutable = { -readonly [K in keyof StepCommit]: StepCommit[K] } & {
  timers: TimerRow[];
  waits: NonNullable<StepCommit["waits"]>[number][];
  tasks: TaskRow[];
  newRuns: RunRow[];
};

/** Marker output of a join that absorbed its token: nothing to route. */
const ABSORBED = Symbol("absorbed");

function tryRoute(
  workflow: RunnableWorkflow,
  state: RunState,
  token: Token,
  stepId: string,
  output: Json,
  bindings: () => Record<string, unknown>,
) {
  try {
    return route(workflow, state, token, stepId, output, bindings);
  } catch (error) {
    const e: StepError =
      error instanceof StepFailure ? error.error : { code: "route/error", message: String(error) };
    return { ok: false as const, error: e, explanation: { evaluated: [], taken: [] } as RouteExplanation };
  }
}

/** Runs the step: control flow in the engine, everything else through its component. */
async function execute(
  svc: ExecutionServices,
  run: RunRow,
  workflow: RunnableWorkflow,
  step: Step,
  componentId: string,
  token: Token,
  state: RunState,
  ctx: StepContext,
  commit: Mutable,
  instance: string,
): Promise<StepOutcome> {
  const config = (step.config ?? {}) as Record<string, unknown>;
  switch (componentId) {
    case "core.switch":
    case "core.parallel":
      return { kind: "completed", output: {} };
    case "core.join":
      return arriveAtJoin(state, token, step.id, config.mode === "any" ? "any" : "all") === "absorbed"
        ? { kind: "completed", output: ABSORBED }
        : { kind: "completed", output: {} };
    case "core.for-each": {
      const items = ctx.evaluate(String(config.items ?? "[]"));
      if (!Array.isArray(items))
        throw new StepFailure({
          code: "for-each/not-a-list",
          message: `The items of '${step.id}' are not a list.`,
          hint: "Make 'items' an expression that gives a list, e.g. record.products.",
        });
      if (items.length === 0 || !step.body) return { kind: "completed", output: { count: 0, results: [] } };
      token.frames.push({
        step: step.id,
        items: items as Json[],
        index: 0,
        as: typeof config.as === "string" ? config.as : "item",
        results: [],
      });
      token.stepId = step.body.start;
      return { kind: "completed", output: ABSORBED };
    }
    case "core.sub-workflow": {
      if (ctx.resume?.kind === "child") {
        if (!ctx.resume.ok)
          throw new StepFailure({
            code: "sub-workflow/failed",
            message: `The sub-workflow run ${ctx.resume.runId} failed.`,
            hint: "Open that run's history for the reason.",
          });
        return { kind: "completed", output: { runId: ctx.resume.runId, output: ctx.resume.output } };
      }
      const inputs = Object.fromEntries(
        Object.entries((config.inputs ?? {}) as Record<string, string>).map(([k, v]) => [k, ctx.evaluate(v)]),
      );
      const child = await svc.childRun(
        run,
        String(config.workflow),
        inputs,
        stableId("run", `${run.id}:${instance}:child`, run.startedAt),
      );
      commit.newRuns.push(child);
      if (config.wait === false) return { kind: "completed", output: { runId: child.id, output: null } };
      token.status = "waiting";
      token.wait = { kind: "child", id: child.id };
      return { kind: "waiting", waitFor: { kind: "timer", dueAt: Number.MAX_SAFE_INTEGER } };
    }
    default: {
      const manifest = workflow.components.get(step.id);
      const impl = manifest && svc.implementation(manifest);
      if (!manifest || !impl)
        throw new StepFailure({
          code: "component/unavailable",
          message: `Component '${step.component}' is not available to this runtime.`,
          hint: "Check that it is published and whitelisted.",
        });
      if (ctx.resume?.kind === "timeout" && componentId !== "core.wait")
        throw new StepFailure(
          {
            code: "step/timeout",
            message: `Step '${step.id}' did not finish within its timeout.`,
            hint: "Raise onError.timeout, or add a retry or fallback.",
          },
          true,
        );
      return impl.execute(ctx);
    }
  }
}

function contextFor(
  svc: ExecutionServices,
  info: RunInfo,
  workflow: RunnableWorkflow,
  step: Step,
  token: Token,
  staged: StagedEffects,
  now: number,
  key: string,
  bindings: () => Record<string, unknown>,
  state: RunState,
): StepContext {
  const scope = (extra?: Readonly<Record<string, unknown>>) =>
    extra ? withNames(bindings(), extra) : bindings();
  const entity = (id: string) => svc.entity(info.tenantId, id);
  let inputs: Record<string, unknown> | undefined;
  // Built on first use: most steps touch neither records nor effects.
  let records: StepContext["records"] | undefined;
  let effects: StepContext["effects"] | undefined;
  const overlay = info.mode === "shadow" ? (state.overlay ??= {}) : undefined;
  return {
    run: info,
    step,
    manifest: workflow.components.get(step.id) ?? {
      kind: "component",
      id: step.component,
      version: "0.0.0",
      name: step.component,
      owner: "",
      effects: ["none"],
      implementation: { type: "builtin" },
    },
    config: (step.config ?? {}) as Record<string, unknown>,
    // Evaluated on first use, inside the step's error handling, so a failing binding fails the step.
    get inputs() {
      inputs ??= Object.fromEntries(
        Object.entries(step.inputs ?? {}).map(([k, v]) => [k, evaluate(v, bindings())]),
      );
      return inputs;
    },
    attempt: token.attempt,
    now,
    key,
    evaluate: (source, extra) => evaluate(source, scope(extra)),
    render: (template, extra) => render(template, scope(extra)),
    get records() {
      return (records ??= shadowAware(info, state, {
        get: (entityId, id) => svc.store.getRecord(info.tenantId, entityId, id),
        find: (entityId, match, limit = 10) =>
          svc.store.findRecords(
            info.tenantId,
            entityId,
            Object.fromEntries(Object.entries(match).map(([k, v]) => [k, String(v)])),
            limit,
          ),
      }));
    },
    get effects() {
      return (effects ??= overlay
        ? createShadowGateway({ store: svc.store, run: info, key, staged, entity, overlay })
        : createLiveGateway({ store: svc.store, run: info, key, tokenId: token.id, now, staged, entity }));
    },
    sandbox: svc.sandbox,
    entity,
    ...(token.resume ? { resume: token.resume } : {}),
  };
}

/** Persists what the step waits for and parks the token. */
function registerWait(
  wait: WaitRequest,
  token: Token,
  run: RunRow,
  step: Step,
  now: number,
  commit: Mutable,
  key: string,
): void {
  token.status = "waiting";
  if (token.wait?.kind === "child") return; // registered by the sub-workflow branch
  const timeout = step.onError?.timeout ? parseDuration(step.onError.timeout) : undefined;
  const timer = (purpose: TimerRow["purpose"], dueAt: number) => {
    const id = stableId("tm", `${key}:${purpose}`, run.startedAt);
    commit.timers.push({ id, tenantId: run.tenantId, runId: run.id, tokenId: token.id, purpose, dueAt });
    return id;
  };
  const timeoutAt =
    wait.kind === "event" && wait.timeoutAt !== undefined
      ? wait.timeoutAt
      : timeout !== undefined
        ? now + timeout
        : undefined;
  const timeoutTimer =
    timeoutAt !== undefined && wait.kind !== "timer" ? timer("timeout", timeoutAt) : undefined;
  const withTimeout = (kind: NonNullable<Token["wait"]>["kind"], id: string) =>
    (token.wait = { kind, id, ...(timeoutTimer ? { timeoutTimer } : {}) });
  switch (wait.kind) {
    case "timer":
      withTimeout("timer", timer("wait", wait.dueAt));
      return;
    case "event": {
      const id = stableId("wt", key, run.startedAt);
      commit.waits.push({
        id,
        tenantId: run.tenantId,
        runId: run.id,
        tokenId: token.id,
        eventType: wait.eventType,
        match: wait.match ?? null,
      });
      withTimeout("event", id);
      return;
    }
    case "task": {
      if (run.mode === "shadow") {
        // A shadow run asks no one: it waits for the answer its live twin gets at the same step.
        withTimeout("task", shadowTaskWait(step.id));
        return;
      }
      const id = stableId("tk", key, run.startedAt);
      const t = wait.task;
      commit.tasks.push({
        id,
        tenantId: run.tenantId,
        runId: run.id,
        tokenId: token.id,
        kind: t.kind,
        title: t.title,
        assignees: t.assignees,
        payload: t.payload,
        status: "open",
        result: null,
        createdAt: now,
        dueAt: t.dueAt ?? null,
        completedAt: null,
        completedBy: null,
      });
      withTimeout("task", id);
      return;
    }
    case "outbox":
      if (wait.outboxId.startsWith("shadow:")) {
        // Nothing was sent: the shadow step goes on as if the call had answered 200.
        token.status = "ready";
        token.resume = { kind: "outbox", ok: true, result: { status: 200, body: null, shadow: true } };
        return;
      }
      withTimeout("outbox", wait.outboxId);
      return;
  }
}

/** Retry with back-off, else the fallback step, else the run fails. Returns the error when the run fails. */
function onFailure(
  step: Step,
  token: Token,
  state: RunState,
  error: StepError,
  retryable: boolean,
  now: number,
  run: RunRow,
  commit: Mutable,
  key: string,
): StepError | undefined {
  const policy = step.onError;
  const retry = policy?.retry;
  if (retry && retryable && token.attempt < retry.maxAttempts) {
    const initial = parseDuration(retry.initialDelay ?? "1s") ?? 1000;
    const delay = retry.backoff === "fixed" ? initial : initial * 2 ** (token.attempt - 1);
    const capped = Math.min(delay, parseDuration(retry.maxDelay ?? "1h") ?? 3_600_000);
    const id = stableId("tm", `${key}:retry`, run.startedAt);
    commit.timers.push({
      id,
      tenantId: run.tenantId,
      runId: run.id,
      tokenId: token.id,
      purpose: "retry",
      dueAt: now + capped,
    });
    token.attempt += 1;
    token.status = "waiting";
    token.wait = { kind: "retry", id };
    return undefined;
  }
  state.steps[step.id] = { output: null, error: error as unknown as Json };
  if (policy?.fallback) {
    token.stepId = policy.fallback;
    token.attempt = 1;
    token.status = "ready";
    delete token.wait;
    return undefined;
  }
  return error;
}

/** Sets the run's status from its tokens (or the error) and completes the commit. */
function finish(run: RunRow, state: RunState, now: number, commit: Mutable, error?: StepError): StepCommit {
  let status: RunRow["status"];
  if (error) {
    status = "failed";
    state.tokens = [];
  } else if (state.tokens.some((t) => t.status === "ready")) status = "running";
  else if (state.tokens.length > 0) status = "waiting";
  else status = "completed";
  const done = status === "completed" || status === "failed";
  commit.run = { ...run, state, status, error: error ?? null, updatedAt: now, finishedAt: done ? now : null };
  return commit;
}
