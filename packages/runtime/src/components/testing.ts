/**
 * A fake StepContext for component tests: the real CEL evaluator over a scope you pass in, an
 * in-memory record store, and an effects gateway that records every call instead of acting.
 * Test-only; nothing in the runtime imports it.
 */
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { builtinComponent, type Component, type Entity } from "@switchyard/definitions";
import type { RecordRow } from "@switchyard/store";
import { evaluate, render, toCel } from "../expressions/index.js";
import type { Sandbox, ScriptCall, ScriptResult } from "../sandbox/index.js";
import {
  type ComponentImplementation,
  type EffectsGateway,
  type RecordAccess,
  type ResumeSignal,
  type StepContext,
  StepFailure,
  type StepOutcome,
} from "./contract.js";

type EmailMessage = Parameters<EffectsGateway["sendEmail"]>[0];
type HttpRequest = Parameters<EffectsGateway["httpRequest"]>[0];
type Notification = Parameters<EffectsGateway["notify"]>[0];

/** What a fake step is made of; everything but the component has a default. */
export interface FakeStepOptions {
  /** A built-in component id, or give `manifest` for a custom component. */
  readonly component?: string;
  readonly manifest?: Component;
  readonly config?: Record<string, unknown>;
  readonly inputs?: Record<string, unknown>;
  /** Variables of the step's expressions: record, event, vars, steps … (`now` is added). */
  readonly scope?: Record<string, unknown>;
  /** Records the store holds before the step runs. */
  readonly records?: readonly { entity: string; id: string; data: Record<string, unknown> }[];
  /** Entities that exist; by default every id does. */
  readonly entities?: readonly string[];
  readonly resume?: ResumeSignal;
  readonly now?: number;
  readonly stepId?: string;
  readonly workflowId?: string;
  readonly sandbox?: Sandbox;
}

/** The effects gateway of a fake step, with what each method was asked to do. */
export interface FakeEffects extends EffectsGateway {
  readonly created: { entity: string; data: Record<string, unknown> }[];
  readonly updated: { entity: string; id: string; changes: Record<string, unknown> }[];
  readonly emails: EmailMessage[];
  readonly requests: HttpRequest[];
  readonly notifications: Notification[];
  readonly counterKeys: string[];
}

/** Each variable converted for CEL (a scope stays a plain object of names). */
function namesToCel(scope: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(scope).map(([name, value]) => [name, toCel(value, undefined)]));
}

/** A fake step: its context, its recorded effects, and the same step resumed with a signal. */
export interface FakeStep {
  readonly ctx: StepContext;
  readonly effects: FakeEffects;
  resumed(signal: ResumeSignal): StepContext;
}

/** The fixed "now" of fake steps: 2026-03-02T09:00:00Z. */
export const FAKE_NOW = Date.UTC(2026, 2, 2, 9, 0, 0);

function fakeEntity(id: string): Entity {
  return { kind: "entity", id, label: id, schema: { type: "object", properties: {} } };
}

function fakeRecords(rows: Map<string, RecordRow>): RecordAccess {
  return {
    async get(entity, id) {
      return rows.get(`${entity}/${id}`);
    },
    async find(entity, match, limit = 100) {
      const hits = [...rows.values()].filter(
        (row) =>
          row.entity === entity &&
          // Like the store: fields only (the id is not an indexed field), compared as text.
          Object.entries(match).every(([field, value]) => String(row.data[field]) === String(value)),
      );
      return hits.slice(0, limit);
    },
  };
}

function fakeEffects(rows: Map<string, RecordRow>, now: number): FakeEffects {
  const counters = new Map<string, number>();
  let outbox = 0;
  let notices = 0;
  const put = (entity: string, id: string, data: Record<string, unknown>) => {
    const old = rows.get(`${entity}/${id}`);
    const version = (old?.version ?? 0) + 1;
    rows.set(`${entity}/${id}`, {
      tenantId: "t1",
      entity,
      id,
      data,
      version,
      createdAt: old?.createdAt ?? now,
      updatedAt: now,
    });
  };
  const effects: FakeEffects = {
    created: [],
    updated: [],
    emails: [],
    requests: [],
    notifications: [],
    counterKeys: [],
    async createRecord(entity, data) {
      effects.created.push({ entity, data });
      const id = typeof data.id === "string" ? data.id : `${entity}-${effects.created.length}`;
      const record = { ...data };
      delete record.id;
      put(entity, id, record);
      return { id, record };
    },
    async updateRecord(entity, id, changes) {
      effects.updated.push({ entity, id, changes });
      const current = rows.get(`${entity}/${id}`);
      if (!current) {
        throw new StepFailure({ code: "record/not-found", message: `There is no ${entity} record '${id}'.` });
      }
      const record = { ...current.data, ...changes };
      put(entity, id, record);
      return { id, record };
    },
    sendEmail(message) {
      effects.emails.push(message);
      outbox += 1;
      return { outboxId: `ob-${outbox}` };
    },
    httpRequest(request) {
      effects.requests.push(request);
      outbox += 1;
      return { outboxId: `ob-${outbox}` };
    },
    notify(notification) {
      effects.notifications.push(notification);
      return { ids: notification.recipients.map(() => `nt-${++notices}`) };
    },
    async nextCounter(key) {
      effects.counterKeys.push(key);
      const next = (counters.get(key) ?? 0) + 1;
      counters.set(key, next);
      return next;
    },
  };
  return effects;
}

/** A sandbox that answers every call with a given result, and keeps the calls. */
export interface FakeSandbox extends Sandbox {
  readonly calls: ScriptCall[];
}

/** A fake sandbox: `reply` is the result of every call, or computes it from the call. */
export function fakeSandbox(
  reply: ScriptResult | ((call: ScriptCall) => ScriptResult | Promise<ScriptResult>),
): FakeSandbox {
  const calls: ScriptCall[] = [];
  return {
    calls,
    async run(call) {
      calls.push(call);
      return typeof reply === "function" ? reply(call) : reply;
    },
    async close() {},
  };
}

// Tests of built-ins get a sandbox that says so when touched.
const noSandbox = fakeSandbox(() => {
  throw new TypeError("fakeStep: this test gave no sandbox (pass one made with fakeSandbox)");
});

/** Builds a fake step of the given component; see FakeStepOptions for what can be set. */
export function fakeStep(options: FakeStepOptions): FakeStep {
  const componentId = options.component ?? options.manifest?.id ?? "core.set";
  const manifest = options.manifest ?? builtinComponent(componentId);
  if (manifest === undefined) throw new TypeError(`fakeStep: unknown component '${componentId}'`);
  const now = options.now ?? FAKE_NOW;
  const rows = new Map<string, RecordRow>();
  const effects = fakeEffects(rows, now);
  for (const r of options.records ?? []) {
    rows.set(`${r.entity}/${r.id}`, {
      tenantId: "t1",
      entity: r.entity,
      id: r.id,
      data: r.data,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
  }
  const bindings = { ...namesToCel(options.scope ?? {}), now: timestampFromMs(now) };
  const stepId = options.stepId ?? "step1";
  const config = options.config ?? {};
  const make = (resume: ResumeSignal | undefined): StepContext => ({
    run: {
      id: "run-1",
      tenantId: "t1",
      workflowId: options.workflowId ?? "wf.test",
      version: 1,
      mode: "live",
      startedAt: now,
      region: "east",
    },
    step: { id: stepId, component: componentId, config },
    manifest,
    config,
    inputs: options.inputs ?? {},
    attempt: 1,
    now,
    key: `run-1:${stepId}:1`,
    evaluate: (source, extra) => evaluate(source, { ...bindings, ...namesToCel(extra ?? {}) }),
    render: (template, extra) => render(template, { ...bindings, ...namesToCel(extra ?? {}) }),
    records: fakeRecords(rows),
    effects,
    sandbox: options.sandbox ?? noSandbox,
    entity: (id) =>
      options.entities === undefined || options.entities.includes(id) ? fakeEntity(id) : undefined,
    ...(resume === undefined ? {} : { resume }),
  });
  return { ctx: make(options.resume), effects, resumed: (signal) => make(signal) };
}

/** Runs a component the way the engine does: a thrown StepFailure becomes a failed outcome. */
export async function execute(impl: ComponentImplementation, ctx: StepContext): Promise<StepOutcome> {
  try {
    return await impl.execute(ctx);
  } catch (error) {
    if (error instanceof StepFailure)
      return { kind: "failed", error: error.error, retryable: error.retryable };
    throw error;
  }
}

/** The output of a completed outcome; fails the test with the outcome when it is anything else. */
export function outputOf(outcome: StepOutcome): unknown {
  if (outcome.kind !== "completed")
    throw new TypeError(`Expected a completed step, got ${JSON.stringify(outcome)}`);
  return outcome.output;
}
