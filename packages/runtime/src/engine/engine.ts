import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  type CelType,
  scanCompliance,
  type Diagnostic,
  type SourceFile,
  typeFromJsonSchema,
  validateSources,
  type Workflow,
} from "@switchyard/definitions";
import type {
  BreakerRow,
  IncomingEvent,
  OutboxItem,
  OutboxUpdate,
  RunRow,
  StepCommit,
  Store,
  StoredEvent,
  Lease,
} from "@switchyard/store";
import { CronExpressionParser } from "cron-parser";
import { CircuitBreakers } from "../breakers/circuit-breakers.js";
import { ANOMALY_HELD, COMPONENT_HELD, HELD, isCustomComponent, observeCommit } from "../breakers/observe.js";
import {
  COMPONENT_BREAKER,
  componentKey,
  effectivePolicy,
  parseBreakerKey,
  workflowKey,
} from "../breakers/policy.js";
import type { ResumeSignal } from "../components/contract.js";
import { implementationFor } from "../components/registry.js";
import { ComponentAdmission } from "../whitelist/admission.js";
import { type Delivery, RecordingTransport, type Transport } from "../effects/transports.js";
import { evaluate, evaluateCel, fromCel, type Json, toCel } from "../expressions/index.js";
import { createSandbox, type Sandbox } from "../sandbox/index.js";
import { bindingsFor, withNames, storeVars } from "./bindings.js";
import { publishDetail } from "./publish-audit.js";
import { Registry } from "./registry.js";
import { cloneState, initialState, type RunState, type Token } from "./run-state.js";
import type { ExecutionServices, RunnableWorkflow } from "./services.js";
import { advanceRun, shadowTaskWait } from "./step-runner.js";
import { eventBinding, matchTrigger, recordOf } from "./triggers.js";
import { eventRunId, eventRunIds, newEventId, stableId, twinRunId } from "./ids.js";
import { runInfoOf } from "./run-info.js";
import { onFreshState } from "./conflicts.js";
import { GroupCommit } from "./group-commit.js";

/** How the engine reaches the outside world; tests pass recording transports. */
export interface Transports {
  readonly email: Transport;
  readonly http: Transport;
}

export interface EngineOptions {
  readonly store: Store;
  readonly sandbox?: Sandbox;
  readonly clock?: () => number;
  readonly transports?: Transports;
  /**
   * Refuse to run components that are not on the tenant's whitelist with the approved content
   * hash (the server turns this on; library users and local runs opt in). Quotas apply either way.
   */
  readonly enforceWhitelist?: boolean;
  /**
   * This engine's name when it claims work. Workers sharing a store need distinct names; the
   * default, "local", suits one engine per store: restarted, it takes its claims straight back.
   */
  readonly workerId?: string;
  /** How long a claim on work lasts before another worker may take it over (default 30 s). */
  readonly leaseMs?: number;
  /** Delivery attempts before an outbox item is given up (default 5). */
  readonly maxDeliveryAttempts?: number;
}

/** An event as a caller hands it in; missing ids are generated, the idempotency key defaults to the id. */
export interface EventInput {
  readonly tenantId: string;
  readonly type: string;
  readonly payload: unknown;
  readonly id?: string;
  readonly idempotencyKey?: string;
  readonly source?: string;
  readonly occurredAt?: number;
}

/**
 * The workflow engine. Every unit of work (start the runs of an event, run one step, fire a
 * timer, record a delivery) is one store transaction, so a crash at any moment loses nothing and
 * repeats nothing: on restart, `tick()` carries on from the last commit.
 */
export class Engine {
  readonly registry: Registry;
  readonly breakers: CircuitBreakers;
  readonly admission: ComponentAdmission;
  private readonly store: Store;
  /** The loop's step transitions and started runs, written many per transaction. */
  private readonly writes: GroupCommit;
  /**
   * Runs this engine started in this tick, stored claimed by it: advanced at once, without being
   * claimed (an UPDATE rewriting each run's row) and read back.
   */
  private started: RunRow[] = [];
  private readonly sandbox: Sandbox;
  private readonly ownsSandbox: boolean;
  private readonly clock: () => number;
  private readonly transports: Transports;
  private readonly maxAttempts: number;
  private readonly services: ExecutionServices;
  readonly workerId: string;
  private readonly leaseMs: number;
  /** When each schedule trigger is next due (memory only: after a restart it is computed again). */
  private readonly nextSchedule = new Map<string, number>();
  /** Each loaded tenant's configuration generation when it was last read (Store.configGenerations). */
  private readonly loadedGenerations = new Map<string, number>();

  constructor(options: EngineOptions) {
    this.writes = new GroupCommit(options.store);
    this.workerId = options.workerId ?? "local";
    this.leaseMs = options.leaseMs ?? 30_000;
    this.store = this.writes.store;
    this.ownsSandbox = options.sandbox === undefined;
    this.sandbox = options.sandbox ?? createSandbox();
    this.clock = options.clock ?? Date.now;
    this.transports = options.transports ?? {
      email: new RecordingTransport(),
      http: new RecordingTransport(),
    };
    this.maxAttempts = options.maxDeliveryAttempts ?? 5;
    this.registry = new Registry(this.store);
    this.breakers = new CircuitBreakers(this.store, this.clock);
    this.admission = new ComponentAdmission(this.store, this.clock, options.enforceWhitelist ?? false);
    const admission = this.admission;
    const registry = this.registry;
    this.services = {
      store: this.store,
      sandbox: this.sandbox,
      now: this.clock,
      implementation: implementationFor,
      admit: (tenantId, component, mode) => admission.admit(tenantId, component, mode),
      entity: (tenantId, id) => registry.entity(tenantId, id),
      workflow: (tenantId, id, version) => registry.workflow(tenantId, id, version),
      childRun: (parent, workflowId, inputs, id) => this.childRun(parent, workflowId, inputs, id),
    };
  }

  /** Loads what tenants have published (call after opening an existing store). */
  async load(tenantIds: readonly string[]): Promise<void> {
    const generations = await this.store.configGenerations();
    for (const id of tenantIds) await this.loadTenant(id, generations.get(id) ?? 0);
  }

  // The generation is read before the definitions: a change landing in between is read now and
  // again on the next refresh, never missed.
  private async loadTenant(tenantId: string, generation: number): Promise<void> {
    this.breakers.invalidate(tenantId);
    this.admission.invalidate(tenantId);
    await this.registry.load(tenantId);
    await this.breakers.warm(tenantId);
    this.loadedGenerations.set(tenantId, generation);
  }

  /**
   * Reads again what other processes may have changed — published definitions (a version promoted
   * or rolled back through an API server), breaker states, whitelists — for the tenants whose
   * configuration generation moved since this engine read them, and tenants new to it. A worker
   * sharing a store with other processes calls this every second or so; with nothing changed it
   * costs two small queries, however many tenants there are. `all` reloads every tenant anyway:
   * a worker does so now and then, in case a process of an older version changed something
   * without counting it (during a rolling upgrade).
   */
  async refresh(options: { all?: boolean } = {}): Promise<void> {
    const generations = await this.store.configGenerations();
    for (const id of await this.store.listTenants()) {
      const generation = generations.get(id) ?? 0;
      if (options.all || this.loadedGenerations.get(id) !== generation) await this.loadTenant(id, generation);
    }
  }

  /**
   * Validates a project and publishes every definition in it as the live version. (The governed
   * path — shadow first, then promotion — comes with the safety-of-change issue.)
   */
  async deploy(
    tenantId: string,
    sources: readonly SourceFile[],
    actor: string,
    options: { workflowsAs?: "live" | "shadow" } = {},
  ): Promise<{
    ok: boolean;
    diagnostics: readonly Diagnostic[];
    published: { kind: string; id: string; version: number }[];
  }> {
    const report = validateSources(sources);
    if (!report.ok) return { ok: false, diagnostics: report.diagnostics, published: [] };
    await this.store.ensureTenant(tenantId, tenantId);
    const findings = scanCompliance(report);
    const published: { kind: string; id: string; version: number }[] = [];
    const texts = new Map(sources.map((s) => [s.path, s.text]));
    const live = new Map<string, unknown>();
    for (const kind of ["entity", "component", "form", "variant", "workflow"]) {
      for (const v of await this.store.versionsWithStatus(tenantId, kind, "live"))
        live.set(`${kind}:${v.definitionId}`, v.body);
    }
    for (const d of report.definitions) {
      if (d.kind === "bundle") continue;
      const status = d.kind === "workflow" && options.workflowsAs === "shadow" ? "shadow" : "live";
      // Publishing what is already live would only add an identical version.
      if (status === "live" && JSON.stringify(live.get(`${d.kind}:${d.id}`)) === JSON.stringify(d.definition))
        continue;
      const version = await this.store.publishVersion({
        tenantId,
        kind: d.kind,
        definitionId: d.id,
        source: texts.get(d.file) ?? "",
        body: d.definition,
        status: "draft",
        createdBy: actor,
      });
      await this.store.setVersionStatus(tenantId, d.kind, d.id, version.version, status);
      await this.store.audit.append({
        tenantId,
        actor,
        action: status === "shadow" ? "shadow-start" : "publish",
        object: `${d.kind}/${d.id}`,
        version: version.version,
        detail: publishDetail(d, live.get(`${d.kind}:${d.id}`), findings),
      });
      if (status === "shadow")
        await this.store.governance.startShadow({
          tenantId,
          workflowId: d.id,
          version: version.version,
          startedAt: this.clock(),
          startedBy: actor,
        });
      published.push({ kind: d.kind, id: d.id, version: version.version });
    }
    await this.registry.load(tenantId);
    return { ok: true, diagnostics: report.diagnostics, published };
  }

  /** Stores an event durably; a repeated idempotency key is recognised and ignored. */
  async ingest(input: EventInput): Promise<{ accepted: boolean; eventId: string }> {
    const id = input.id ?? newEventId();
    const event: IncomingEvent = {
      tenantId: input.tenantId,
      id,
      idempotencyKey: input.idempotencyKey ?? id,
      type: input.type,
      source: input.source ?? "api",
      payload: input.payload ?? null,
      occurredAt: input.occurredAt ?? this.clock(),
    };
    const { accepted } = await this.store.ingest(event);
    return { accepted, eventId: id };
  }

  /** Starts a run by hand (a manual trigger), with `input` as the event payload. */
  async startManual(tenantId: string, workflowId: string, input: unknown): Promise<string> {
    const live = this.registry.liveWorkflow(tenantId, workflowId);
    if (!live) throw new Error(`workflow '${workflowId}' has no live version`);
    const now = this.clock();
    const event = {
      id: newEventId(),
      type: "manual",
      source: "manual",
      payload: (input ?? null) as Json,
      occurredAt: now,
    };
    const run = this.newRun(
      tenantId,
      live.workflow,
      live.version,
      stableId("run", `${tenantId}:${workflowId}:manual:${event.id}`, event.occurredAt),
      event,
      null,
      now,
    );
    await this.store.startRuns(null, [run]);
    return run.id;
  }

  /** Completes a human task (approval or form) and resumes its run. */
  async completeTask(taskId: string, result: unknown, by: string): Promise<void> {
    const task = await this.store.getTask(taskId);
    if (!task || task.status !== "open") throw new Error(`task '${taskId}' is not open`);
    const run = await this.store.getRun(task.runId);
    if (!run) return;
    const now = this.clock();
    const updated = resumeToken(
      run,
      (t) => t.wait?.kind === "task" && t.wait.id === taskId,
      { kind: "task", result, completedBy: by },
      now,
    );
    await this.store.commit({
      run: updated ?? run,
      tasks: [{ ...task, status: "completed", result, completedAt: now, completedBy: by }],
    });
    // The shadow twin waiting at the same step goes on with the same answer.
    const stepId = (run.state as RunState).tokens.find(
      (t) => t.wait?.kind === "task" && t.wait.id === taskId,
    )?.stepId;
    if (run.mode === "live" && run.eventId && stepId) {
      const twin = await this.store.getRun(twinRunId(run, "shadow", run.eventId));
      const resumed =
        twin &&
        resumeToken(
          twin,
          (t) => t.wait?.kind === "task" && t.wait.id === shadowTaskWait(stepId),
          { kind: "task", result, completedBy: by },
          now,
        );
      if (resumed) await this.store.commit({ run: resumed });
    }
  }

  /** A claim on work from now until the lease runs out. */
  private lease(): Lease {
    const now = this.clock();
    return { owner: this.workerId, now, until: now + this.leaseMs };
  }

  /** Does one round of work; returns how many units were done (0 when idle). */
  async tick(): Promise<number> {
    try {
      return (
        (await this.fireSchedules()) +
        (await this.processEvents()) +
        (await this.advanceRuns()) +
        (await this.fireTimers()) +
        (await this.deliverOutbox()) +
        (await this.halfOpenDue())
      );
    } finally {
      await this.writes.flush();
    }
  }

  /**
   * Turns the latest due occurrence of each schedule trigger into an event. The idempotency key
   * names the occurrence, so restarts and several engines never fire it twice; after downtime only
   * the latest missed occurrence fires, not a backlog.
   */
  private async fireSchedules(): Promise<number> {
    const now = this.clock();
    let fired = 0;
    for (const tenantId of this.registry.tenantIds()) {
      // Shadow versions' schedules fire too (the same occurrence is one event for both).
      const workflows = [
        ...this.registry.liveWorkflows(tenantId),
        ...this.registry.shadowWorkflows(tenantId),
      ];
      for (const { workflow } of workflows) {
        for (const trigger of workflow.triggers) {
          if (trigger.type !== "schedule") continue;
          // Until the next occurrence is due there is nothing to do (no cron maths, no insert).
          const watch = `${tenantId}\u0000${workflow.id}\u0000${trigger.cron}\u0000${trigger.timezone ?? ""}`;
          const due = this.nextSchedule.get(watch);
          if (due !== undefined && now < due) continue;
          const at = latestOccurrence(trigger.cron, trigger.timezone, now);
          this.nextSchedule.set(watch, nextOccurrence(trigger.cron, trigger.timezone, now) ?? Infinity);
          if (at === undefined) continue;
          const key = `schedule:${workflow.id}:${new Date(at).toISOString()}`;
          const event = {
            tenantId,
            id: key,
            idempotencyKey: key,
            type: `schedule:${workflow.id}`,
            source: "schedule",
            payload: { scheduledFor: new Date(at).toISOString() },
            occurredAt: at,
          };
          if ((await this.store.ingest(event)).accepted) fired++;
        }
      }
    }
    return fired;
  }

  /** Ticks until nothing is left to do now (timers in the future stay pending). */
  async drain(maxTicks = 100_000): Promise<void> {
    for (let i = 0; i < maxTicks; i++) if ((await this.tick()) === 0) return;
  }

  async close(): Promise<void> {
    await this.writes.flush();
    if (this.ownsSandbox) await this.sandbox.close();
  }

  private newRun(
    tenantId: string,
    workflow: Workflow,
    version: number,
    id: string,
    event: RunState["event"],
    parent: RunRow | null,
    now: number,
    record?: Json,
    mode: "live" | "shadow" = "live",
  ): RunRow {
    const subject = record ?? (workflow.entity && event ? recordOf(event.payload) : undefined);
    const base = {
      id,
      tenantId,
      workflowId: workflow.id,
      version,
      mode,
      trigger: event?.type ?? "manual",
      eventId: event?.id ?? null,
      parentRunId: parent?.id ?? null,
      startedAt: now,
      updatedAt: now,
      finishedAt: null,
    };
    try {
      const vars = this.computeVars(tenantId, workflow, event, now, subject);
      const state = initialState(workflow.start, vars, event, subject);
      return { ...base, status: "running", state, error: null };
    } catch (error) {
      const state = initialState(workflow.start, {}, event, undefined);
      state.tokens = [];
      return {
        ...base,
        status: "failed",
        state,
        error: { code: "run/vars", message: error instanceof Error ? error.message : String(error) },
        finishedAt: now,
      };
    }
  }

  private computeVars(
    tenantId: string,
    workflow: Workflow,
    event: RunState["event"],
    now: number,
    subject: Json | undefined,
  ): Record<string, Json> {
    const values: Record<string, { json: Json; isInt: boolean }> = {};
    const entity = workflow.entity ? this.registry.entity(tenantId, workflow.entity) : undefined;
    const recordType = entity ? entityType(entity) : undefined;
    const record = subject === undefined ? null : toCel(subject, recordType);
    const scope = () => ({
      event: event ? eventBinding(event) : null,
      now: timestampFromMs(now),
      vars: Object.fromEntries(
        Object.entries(values).map(([k, v]) => [
          k,
          v.isInt && typeof v.json === "number" ? BigInt(v.json) : toCel(v.json, undefined),
        ]),
      ),
      record,
    });
    for (const [name, source] of Object.entries(workflow.vars ?? {})) {
      if (typeof source !== "string") {
        values[name] = { json: source, isInt: typeof source === "number" && Number.isInteger(source) };
        continue;
      }
      const raw = evaluateCel(source, scope());
      values[name] = { json: fromCel(raw), isInt: typeof raw === "bigint" };
    }
    return storeVars(values);
  }

  private async childRun(
    parent: RunRow,
    workflowId: string,
    inputs: Record<string, unknown>,
    id: string,
  ): Promise<RunRow> {
    // A shadow parent runs the child's shadow version when there is one (it is part of the change).
    const shadow =
      parent.mode === "shadow"
        ? this.registry.shadowWorkflows(parent.tenantId).find((w) => w.workflow.id === workflowId)
        : undefined;
    const live = shadow ?? this.registry.liveWorkflow(parent.tenantId, workflowId);
    if (!live) throw new Error(`the sub-workflow '${workflowId}' has no live version`);
    const now = this.clock();
    const event = {
      id: `${parent.id}:${id}`,
      type: "sub-workflow",
      source: parent.workflowId,
      payload: inputs as Json,
      occurredAt: now,
    };
    // A shadow run's sub-workflow runs in shadow too: its effects are recorded, never performed.
    return this.newRun(
      parent.tenantId,
      live.workflow,
      live.version,
      id,
      event,
      parent,
      now,
      undefined,
      parent.mode,
    );
  }

  /**
   * Starts shadow runs of `version` for stored events (a replay), skipping events that version
   * already handled in shadow; returns the ids of the runs started.
   */
  async startShadowRuns(
    tenantId: string,
    workflowId: string,
    version: number,
    events: readonly StoredEvent[],
  ): Promise<string[]> {
    const { workflow } = await this.registry.workflow(tenantId, workflowId, version);
    const now = this.clock();
    const runs: RunRow[] = [];
    for (const event of events) {
      if (!matchTrigger(workflow, event, event.occurredAt).matched) continue;
      let seen = false;
      for (const id of eventRunIds(tenantId, workflowId, "shadow", event))
        seen ||= (await this.store.getRun(id))?.version === version;
      if (seen) continue;
      const record = await this.recordFor(tenantId, workflow, event.payload as Json);
      runs.push(
        this.newRun(
          tenantId,
          workflow,
          version,
          stableId("run", `${tenantId}:${workflowId}:replay:${version}:${event.id}`, event.occurredAt),
          {
            id: event.id,
            type: event.type,
            source: event.source,
            payload: event.payload as Json,
            occurredAt: event.occurredAt,
          },
          null,
          now,
          record,
          "shadow",
        ),
      );
    }
    await this.store.startRuns(null, runs);
    return runs.map((r) => r.id);
  }

  /** Turns pending events into runs (and resumes runs waiting for them), one transaction per event. */
  private async processEvents(): Promise<number> {
    const lease = this.lease();
    const events = await this.store.claimEvents(lease, 100);
    for (const event of events) {
      if (!this.registry.tenantIds().includes(event.tenantId)) await this.registry.load(event.tenantId);
      await this.resumeWaiters(event);
      const now = this.clock();
      const runs: RunRow[] = [];
      const candidates = [
        ...this.registry.liveWorkflows(event.tenantId).map((w) => ({ ...w, mode: "live" as const })),
        ...this.registry.shadowWorkflows(event.tenantId).map((w) => ({ ...w, mode: "shadow" as const })),
      ];
      for (const { workflow, version, mode } of candidates) {
        if (!matchTrigger(workflow, event, now).matched) continue;
        const id = eventRunId(event.tenantId, workflow.id, mode, event);
        const record = await this.recordFor(event.tenantId, workflow, event.payload as Json);
        const held =
          mode === "live" && (await this.breakers.holds(event.tenantId, workflowKey(workflow.id, version)));
        const run = this.newRun(
          event.tenantId,
          workflow,
          version,
          id,
          {
            id: event.id,
            type: event.type,
            source: event.source,
            payload: event.payload as Json,
            occurredAt: event.occurredAt,
          },
          null,
          now,
          record,
          mode,
        );
        runs.push(held && run.status === "running" ? hold(run, HELD, HELD_MESSAGE) : run);
      }
      await this.writes.stage({ kind: "start-runs", eventSeq: event.seq, runs, lease });
      // A new run's stored revision is 0; if it existed already, its commits are refused (rev).
      for (const run of runs) if (run.status === "running") this.started.push({ ...run, rev: 0 });
    }
    return events.length;
  }

  /**
   * The record a run is about. An event may carry it whole (`payload.record`), name a stored one
   * (`payload.recordId`), or carry some fields of a stored one (`payload.record.id` + changes):
   * stored fields are read from the store, the event's fields win.
   */
  private async recordFor(tenantId: string, workflow: Workflow, payload: Json): Promise<Json | undefined> {
    if (!workflow.entity) return undefined;
    const given = recordOf(payload);
    const object = payload && typeof payload === "object" && !Array.isArray(payload) ? payload : {};
    const carried = given && typeof given === "object" && !Array.isArray(given) ? given : {};
    const id =
      typeof object.recordId === "string"
        ? object.recordId
        : typeof carried.id === "string"
          ? carried.id
          : undefined;
    const stored = id ? await this.store.getRecord(tenantId, workflow.entity, id) : undefined;
    if (!stored) return given;
    return {
      ...(stored.data as Record<string, Json>),
      id: stored.id,
      ...(typeof object.recordId === "string" ? {} : carried),
    };
  }

  private async resumeWaiters(event: StoredEvent): Promise<void> {
    for (const wait of await this.store.waitsFor(event.tenantId, event.type)) {
      const run = await this.store.getRun(wait.runId);
      if (!run) continue;
      if (wait.match) {
        // The condition may read the waiting run's data (`incoming.payload.id == record.id`).
        const workflow = await this.registry.workflow(run.tenantId, run.workflowId, run.version);
        const now = this.clock();
        const scope = withNames(
          bindingsFor(
            runInfoOf(run, workflow.workflow.region),
            run.state as RunState,
            undefined,
            workflow.types,
            now,
          ),
          { incoming: eventBinding(event) },
        );
        try {
          if (evaluate(wait.match, scope) !== true) continue;
        } catch {
          continue;
        }
      }
      const signal: ResumeSignal = {
        kind: "event",
        event: { id: event.id, type: event.type, payload: event.payload, occurredAt: event.occurredAt },
      };
      let current: RunRow = run;
      await onFreshState(async () => {
        const updated = resumeToken(
          current,
          (t) => t.wait?.kind === "event" && t.wait.id === wait.id,
          signal,
          this.clock(),
        );
        try {
          await this.store.commit({ run: updated ?? current, resolvedWaits: [wait.id] });
        } catch (error) {
          current = (await this.store.getRun(wait.runId)) ?? current;
          throw error;
        }
      });
    }
  }

  /**
   * Runs every ready token of running runs until each run waits or ends; one commit per step.
   * First the runs this tick started, then those claimed from the store (resumed, or left by a
   * worker whose claim expired).
   */
  private async advanceRuns(): Promise<number> {
    const started = this.started;
    this.started = [];
    // Their start is durable before their first step commits (and the batch stays collapsible).
    if (started.length > 0) await this.writes.flush();
    return (
      (await this.advance(started)) + (await this.advance(await this.store.claimRuns(this.lease(), 100)))
    );
  }

  private async advance(runs: readonly RunRow[]): Promise<number> {
    let steps = 0;
    for (const run of runs) {
      let current: RunRow | undefined = run;
      // A run keeps its version: one look-up serves all its steps.
      const workflow = await this.registry.workflow(run.tenantId, run.workflowId, run.version);
      while (current && current.status === "running") {
        const held = await this.heldBy(current, workflow);
        if (held) {
          await this.store.commit({ run: hold(current, held.code, held.message) });
          break;
        }
        const advanced = await advanceRun(this.services, current);
        if (!advanced) break;
        const commit = observeCommit(workflow, advanced, effectivePolicy(workflow.workflow), this.clock());
        const finished = commit.run.status === "completed" || commit.run.status === "failed";
        const parent = finished && commit.run.parentRunId ? await this.resumeParent(commit.run) : undefined;
        await this.writes.stage({
          kind: "commit",
          commit: parent ? { ...commit, relatedRuns: [parent] } : commit,
        });
        for (const outcome of commit.outcomes ?? []) {
          const policy = outcome.key.startsWith("component:")
            ? COMPONENT_BREAKER
            : effectivePolicy(workflow.workflow);
          const moved = await this.breakers.observe(outcome.tenantId, outcome.key, policy, outcome);
          if (moved) await this.breakerMoved(moved.row, workflow.workflow, "breaker");
        }
        steps += 1;
        // The store counts the transition: the next one is based on the revision after it.
        current = { ...commit.run, rev: (commit.run.rev ?? 0) + 1 };
      }
    }
    return steps;
  }

  /** Why a live run must wait instead of taking its next step: its version's or its next component's breaker. */
  private async heldBy(
    run: RunRow,
    workflow: RunnableWorkflow,
  ): Promise<{ code: string; message: string } | undefined> {
    if (run.mode !== "live") return undefined;
    if (await this.breakers.holds(run.tenantId, workflowKey(run.workflowId, run.version), run.id))
      return { code: HELD, message: HELD_MESSAGE };
    const token = (run.state as RunState).tokens.find((t) => t.status === "ready");
    if (!token) return undefined;
    const component = workflow.components.get(token.stepId);
    if (
      component &&
      isCustomComponent(component.id) &&
      (await this.breakers.holds(run.tenantId, componentKey(component.id, component.version), run.id))
    )
      return {
        code: COMPONENT_HELD,
        message: `Held before step '${token.stepId}': the breaker of component ${component.id}@${component.version} is open.`,
      };
    return undefined;
  }

  /**
   * Acts on a breaker that opened or closed: notifies the owner, the policy's recipients and the
   * tenant's auditors, writes the audit entry, and on close releases the runs it held.
   */
  async breakerMoved(
    row: BreakerRow,
    workflow: Workflow | undefined,
    actor: string,
    options: { release?: boolean } = {},
  ): Promise<void> {
    const now = this.clock();
    const [kind, ref] = parseBreakerKey(row.key);
    const opened = row.state === "open";
    const policy = workflow ? effectivePolicy(workflow) : undefined;
    await this.store.audit.append({
      tenantId: row.tenantId,
      actor,
      action: opened ? "breaker-open" : row.state === "half-open" ? "breaker-half-open" : "breaker-close",
      object: `${kind}/${ref.id}`,
      version: kind === "workflow" ? Number(ref.version) : null,
      detail: {
        breaker: row.key,
        state: row.state,
        reason: row.reason,
        ...(row.detail ? { window: row.detail } : {}),
      },
      at: now,
    });
    if (opened) {
      const auditors = (await this.store.auth.listMembers(row.tenantId))
        .filter((m) => m.membership.roles.includes("auditor") && !m.user.disabled)
        .map((m) => m.user.username);
      const recipients = [...new Set([workflow?.owner, ...(policy?.notify ?? []), ...auditors])].filter(
        (r): r is string => typeof r === "string",
      );
      await this.store.addNotifications(
        recipients.map((recipient) => ({
          id: `breaker:${row.key}:${row.openedAt ?? now}:${recipient}`,
          tenantId: row.tenantId,
          recipient,
          title: `Paused: ${workflow?.name ?? ref.id} (${row.key})`,
          message: `The circuit breaker opened: ${row.reason ?? "too many failures"}. New work is held, nothing is dropped; resume or roll back.`,
          link: `/breakers/${encodeURIComponent(row.key)}`,
          runId: null,
          createdAt: now,
        })),
      );
      if (kind === "workflow" && policy?.onOpen === "rollback" && this.onRollback)
        await this.onRollback(row.tenantId, ref.id, "breaker", `breaker opened: ${row.reason ?? ""}`);
    } else if (options.release === false) {
      return;
    } else if (row.state === "closed" && kind === "workflow") {
      await this.releaseHeld(row.tenantId, ref.id, { includeAnomalies: false });
    } else if (row.state === "closed") {
      await this.releaseHeld(row.tenantId, undefined, { includeAnomalies: false, codes: [COMPONENT_HELD] });
    }
  }

  /**
   * Lets one held run through a breaker (half-open): its outcome closes the breaker or opens it
   * again. Undefined when the breaker holds no run.
   */
  async probeBreaker(row: BreakerRow, actor: string): Promise<string | undefined> {
    const [kind, ref] = parseBreakerKey(row.key);
    const codes = kind === "workflow" ? [HELD] : [COMPONENT_HELD];
    const paused = await this.store.listRuns({
      tenantId: row.tenantId,
      ...(kind === "workflow" ? { workflowId: ref.id, version: Number(ref.version) } : {}),
      status: "paused",
      mode: "live",
      limit: 1_000_000,
    });
    const probe = paused
      .filter((r) => codes.includes((r.error as { code?: string } | null)?.code ?? ""))
      .sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id))[0];
    if (!probe) return undefined;
    const half = await this.breakers.halfOpen(row.tenantId, row.key, probe.id);
    await this.store.commit({ run: { ...probe, status: "running", error: null, updatedAt: this.clock() } });
    const workflow =
      kind === "workflow"
        ? (await this.store.getVersion(row.tenantId, "workflow", ref.id, Number(ref.version)))?.body
        : undefined;
    await this.breakerMoved(half, workflow as Workflow | undefined, actor);
    return probe.id;
  }

  /** Breakers whose policy has `halfOpenAfter` probe by themselves once that time has passed. */
  private async halfOpenDue(): Promise<number> {
    let probed = 0;
    const now = this.clock();
    for (const row of this.breakers.openRows()) {
      const [kind, ref] = parseBreakerKey(row.key);
      if (kind !== "workflow") continue;
      const live = this.registry.liveWorkflow(row.tenantId, ref.id);
      if (!live || live.version !== Number(ref.version)) continue;
      const after = effectivePolicy(live.workflow).halfOpenAfterMs;
      if (after === undefined || (row.openedAt ?? now) + after > now) continue;
      if (await this.probeBreaker(row, "breaker")) probed += 1;
    }
    return probed;
  }

  /** Set by the lifecycle service: how a breaker with `onOpen: rollback` rolls its workflow back. */
  onRollback?: (tenantId: string, workflowId: string, actor: string, reason: string) => Promise<unknown>;

  /**
   * Releases the runs breakers held. A run of the live version resumes where it stopped; a run of
   * another version (after a rollback) that has performed no effect starts again on the live
   * version; a run that already had effects stays paused for a person to decide.
   */
  async releaseHeld(
    tenantId: string,
    workflowId: string | undefined,
    options: { includeAnomalies: boolean; codes?: readonly string[] },
  ): Promise<{ resumed: number; restarted: number; needsReview: string[] }> {
    const codes = new Set(
      options.codes ?? [HELD, COMPONENT_HELD, ...(options.includeAnomalies ? [ANOMALY_HELD] : [])],
    );
    const result = { resumed: 0, restarted: 0, needsReview: [] as string[] };
    const paused = await this.store.listRuns({
      tenantId,
      ...(workflowId ? { workflowId } : {}),
      status: "paused",
      mode: "live",
      limit: 1_000_000,
    });
    for (const run of paused.reverse()) {
      const code = (run.error as { code?: string } | null)?.code;
      if (!code || !codes.has(code)) continue;
      const live = this.registry.liveWorkflow(tenantId, run.workflowId);
      const now = this.clock();
      if (live && live.version === run.version) {
        await this.store.commit({ run: { ...run, status: "running", error: null, updatedAt: now } });
        result.resumed += 1;
        continue;
      }
      const executions = await this.store.stepExecutions(run.id);
      if (!live || executions.some((e) => Array.isArray(e.effects) && e.effects.length > 0)) {
        result.needsReview.push(run.id);
        continue;
      }
      const state = run.state as RunState;
      const restarted = this.newRun(
        tenantId,
        live.workflow,
        live.version,
        stableId(
          "run",
          `${tenantId}:${run.workflowId}:live:${state.event?.id ?? run.id}:v${live.version}`,
          state.event?.occurredAt ?? run.startedAt,
        ),
        state.event,
        null,
        now,
        state.record,
      );
      await this.store.commit({
        run: {
          ...run,
          status: "cancelled",
          finishedAt: now,
          updatedAt: now,
          error: {
            code: "run/restarted",
            message: `Version ${run.version} was rolled back; this event runs again on version ${live.version} as ${restarted.id}.`,
          },
        },
        newRuns: [restarted],
      });
      result.restarted += 1;
    }
    return result;
  }

  private async resumeParent(child: RunRow): Promise<RunRow | undefined> {
    const parent = child.parentRunId ? await this.store.getRun(child.parentRunId) : undefined;
    if (!parent) return undefined;
    const state = child.state as RunState;
    const signal: ResumeSignal = {
      kind: "child",
      runId: child.id,
      ok: child.status === "completed",
      output: state.result ?? null,
      error: child.error,
    };
    return resumeToken(
      parent,
      (t) => t.wait?.kind === "child" && t.wait.id === child.id,
      signal,
      this.clock(),
    );
  }

  private async fireTimers(): Promise<number> {
    const timers = await this.store.claimTimers(this.lease(), 100);
    for (const timer of timers) {
      await onFreshState(async () => {
        const run = await this.store.getRun(timer.runId);
        const match = (t: Token) =>
          t.id === timer.tokenId && (t.wait?.id === timer.id || t.wait?.timeoutTimer === timer.id);
        const signal: ResumeSignal = timer.purpose === "timeout" ? { kind: "timeout" } : { kind: "timer" };
        const updated = run && resumeToken(run, match, signal, this.clock(), timer.purpose === "retry");
        await this.store.commit({ run: updated ?? (run as RunRow), firedTimers: [timer.id] });
      });
    }
    return timers.length;
  }

  /** Delivers due outbox items; a reply resumes the step waiting for it in the same commit. */
  /**
   * Delivers due outbox items. A delivery whose reply a step waits for resumes that step in one
   * commit; the others (most: e-mails) are recorded together in the group commit.
   */
  private async deliverOutbox(): Promise<number> {
    const items = await this.store.claimOutbox(this.lease(), 50);
    const delivered: { item: OutboxItem; delivery: Delivery }[] = [];
    for (const item of items) delivered.push({ item, delivery: await this.deliver(item) });
    const unawaited: OutboxUpdate[] = [];
    // Reads first, stages last: a read would otherwise flush the staged updates one by one.
    for (const { item, delivery } of delivered) {
      const update = this.deliveryUpdate(item, delivery);
      let run = await this.awaitingRun(item, update);
      if (!run) {
        unawaited.push(update);
        continue;
      }
      // The run just read serves the first attempt; a retry after a conflict reads it again.
      await onFreshState(async () => {
        const read = run;
        run = undefined;
        await this.recordDelivery(item, delivery, update, read);
      });
    }
    if (unawaited.length > 0) await this.writes.stage({ kind: "deliveries", updates: unawaited });
    return items.length;
  }

  private async deliver(item: OutboxItem): Promise<Delivery> {
    const transport = item.kind === "email" ? this.transports.email : this.transports.http;
    try {
      return await transport.deliver(item);
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error), retryable: true };
    }
  }

  /** What a delivery attempt changes on its outbox item: sent, failed for good, or due again later. */
  private deliveryUpdate(item: OutboxItem, delivery: Delivery): OutboxUpdate {
    const now = this.clock();
    const attempts = item.attempts + 1;
    const giveUp = !delivery.ok && (!delivery.retryable || attempts >= this.maxAttempts);
    return {
      id: item.id,
      status: delivery.ok ? "sent" : giveUp ? "failed" : "pending",
      attempts,
      nextAttemptAt:
        delivery.ok || giveUp ? item.nextAttemptAt : now + Math.min(2 ** attempts * 1000, 300_000),
      lastError: delivery.ok ? null : delivery.error,
      result: delivery.ok ? delivery.result : (delivery.result ?? null),
      sentAt: delivery.ok ? now : null,
    };
  }

  /**
   * The run a finished delivery resumes: its own token waits, or its shadow twin borrows the reply
   * (effects/mirror.ts). Only HTTP calls have replies a step waits for (core.http); an e-mail
   * resumes nothing, so its run is not read.
   */
  private async awaitingRun(item: OutboxItem, update: OutboxUpdate): Promise<RunRow | undefined> {
    if (item.kind !== "http" || !item.runId || update.status === "pending") return undefined;
    const run = await this.store.getRun(item.runId);
    if (!run) return undefined;
    const waits = (run.state as RunState).tokens.some(
      (t) => t.status === "waiting" && t.wait?.kind === "outbox" && t.wait.id === item.id,
    );
    return waits || this.hasShadow(run) ? run : undefined;
  }

  private hasShadow(run: RunRow): boolean {
    return (
      run.mode === "live" &&
      this.registry.shadowWorkflows(run.tenantId).some((w) => w.workflow.id === run.workflowId)
    );
  }

  private async recordDelivery(
    item: OutboxItem,
    delivery: Delivery,
    update: OutboxUpdate,
    read: RunRow | undefined,
  ): Promise<void> {
    const now = this.clock();
    const run = read ?? (item.runId ? await this.store.getRun(item.runId) : undefined);
    const signal: ResumeSignal = {
      kind: "outbox",
      ok: delivery.ok,
      result: update.result,
      ...(delivery.ok ? {} : { error: delivery.error }),
    };
    const updated =
      run && resumeToken(run, (t) => t.wait?.kind === "outbox" && t.wait.id === item.id, signal, now);
    if (updated) await this.store.commit({ run: updated, outboxUpdates: [update] } satisfies StepCommit);
    else await this.store.updateOutbox(update);
    // A shadow twin waiting to borrow this reply (effects/mirror.ts) goes on with it too.
    if (run && this.hasShadow(run) && run.eventId) {
      const twin = await this.store.getRun(twinRunId(run, "shadow", run.eventId));
      const resumed =
        twin &&
        resumeToken(
          twin,
          (t) => t.wait?.kind === "outbox" && t.wait.id === item.id,
          { ...signal, result: { ...(signal.result as object | null), shadow: true } },
          now,
        );
      if (resumed) await this.store.commit({ run: resumed });
    }
  }
}

const HELD_MESSAGE =
  "Held: the workflow's circuit breaker is open. The run continues when the breaker closes or the workflow is rolled back.";

function hold(run: RunRow, code: string, message: string): RunRow {
  return { ...run, status: "paused", error: { code, message } };
}

/** The most recent time at or before `now` that a cron expression names (undefined if it cannot be read). */
function latestOccurrence(cron: string, timezone: string | undefined, now: number): number | undefined {
  try {
    return CronExpressionParser.parse(cron, { currentDate: new Date(now + 1), tz: timezone ?? "UTC" })
      .prev()
      .getTime();
  } catch {
    return undefined;
  }
}

/** The first time after `now` that a cron expression names (undefined if it cannot be read). */
function nextOccurrence(cron: string, timezone: string | undefined, now: number): number | undefined {
  try {
    return CronExpressionParser.parse(cron, { currentDate: new Date(now), tz: timezone ?? "UTC" })
      .next()
      .getTime();
  } catch {
    return undefined;
  }
}

const entityTypes = new WeakMap<object, CelType>();

/** The CEL type of an entity's records (cached per loaded definition: definitions never change). */
function entityType(entity: { readonly id: string; readonly schema: object }): CelType {
  let type = entityTypes.get(entity.schema);
  if (!type) {
    type = typeFromJsonSchema(entity.schema, { name: entity.id, entity: entity.id });
    entityTypes.set(entity.schema, type);
  }
  return type;
}

/** Marks the matching waiting token ready with a resume signal; undefined when none matches (already resumed). */
function resumeToken(
  run: RunRow,
  match: (t: Token) => boolean,
  signal: ResumeSignal,
  now: number,
  isRetry = false,
): RunRow | undefined {
  const index = (run.state as RunState).tokens.findIndex((t) => t.status === "waiting" && match(t));
  if (index < 0) return undefined;
  const state = cloneState(run.state as RunState);
  const token = state.tokens[index]!;
  token.status = "ready";
  delete token.wait;
  if (!isRetry) token.resume = signal;
  return { ...run, state, status: "running", updatedAt: now };
}
