import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { type CelType, CelTypes, typeFromJsonSchema } from "@switchyard/definitions";
import type { RunInfo } from "../components/contract.js";
import { celMapOf, type Json, lazyCelMap, toCel } from "../expressions/index.js";
import type { RunState, Token } from "./run-state.js";
import type { PreparedWorkflow } from "./workflow-index.js";

const EVENT = CelTypes.object("event", {
  id: CelTypes.string,
  type: CelTypes.string,
  source: CelTypes.string,
  occurredAt: CelTypes.timestamp,
  payload: CelTypes.dyn,
});

/** The static types the checker gave the workflow's data; values are converted to match them. */
export interface WorkflowTypes {
  readonly record: CelType;
  readonly outputs: ReadonlyMap<string, CelType>;
}

/** Types of `record` and each step's output, from the entity and component schemas. */
export function workflowTypes(
  prepared: PreparedWorkflow,
  entitySchema: (id: string) => unknown,
): WorkflowTypes {
  const entityId = prepared.workflow.entity;
  const entityType = (id: string | undefined) => {
    const schema = id ? entitySchema(id) : undefined;
    return schema && id ? typeFromJsonSchema(schema, { name: id, entity: id }) : CelTypes.dyn;
  };
  const outputs = new Map<string, CelType>();
  for (const [id, indexed] of prepared.steps) {
    const component = prepared.components.get(id);
    if (!component?.output) continue;
    let type = typeFromJsonSchema(component.output, { name: `${id} output` });
    const configEntity = (indexed.step.config as { entity?: unknown } | undefined)?.entity;
    if (type.kind === "object" && typeof configEntity === "string" && "record" in type.fields) {
      type = { ...type, fields: { ...type.fields, record: entityType(configEntity) } };
    }
    outputs.set(id, type);
  }
  return { record: entityType(entityId), outputs };
}

/** The variables expressions see at a token's position: event, run, now, vars, steps, record, items. */
export function bindingsFor(
  run: RunInfo,
  state: RunState,
  token: Token | undefined,
  types: WorkflowTypes,
  now: number,
): Record<string, unknown> {
  // Converted on first use (getters; undefined until then): most expressions read one or two of
  // these, and converting every step's output for each step of a run was a large share of the
  // engine's time.
  let runInfo: unknown;
  let clock: unknown;
  let steps: unknown;
  let event: unknown;
  let vars: unknown;
  let record: unknown;
  const bindings: Record<string, unknown> = {
    get run() {
      return (runInfo ??= celMapOf({
        id: run.id,
        workflow: run.workflowId,
        version: BigInt(run.version),
        region: run.region,
        startedAt: timestampFromMs(run.startedAt),
        shadow: run.mode === "shadow",
      }));
    },
    set run(value) {
      runInfo = value;
    },
    get now() {
      return (clock ??= timestampFromMs(now));
    },
    set now(value) {
      clock = value;
    },
    get steps() {
      return (steps ??= stepsToCel(state, types));
    },
    set steps(value) {
      steps = value;
    },
    get event() {
      return (event ??= toCel(
        state.event ?? { id: "", type: "manual", source: "", payload: null, occurredAt: run.startedAt },
        EVENT,
      ));
    },
    set event(value) {
      event = value;
    },
    get vars() {
      return (vars ??= varsToCel(state));
    },
    set vars(value) {
      vars = value;
    },
    get record() {
      return (record ??= toCel(state.record ?? null, types.record));
    },
    set record(value) {
      record = value;
    },
  };
  for (const frame of token?.frames ?? [])
    bindings[frame.as] = toCel(frame.items[frame.index] ?? null, undefined);
  return bindings;
}

/** Each step's entry is converted when an expression first reads it (most read one or two). */
function stepsToCel(state: RunState, types: WorkflowTypes): unknown {
  return lazyCelMap(state.steps, (id, result) =>
    celMapOf({
      output: toCel(result.output, types.outputs.get(id)),
      status: result.error ? "failed" : "completed",
      error: toCel(result.error ?? null, undefined),
    }),
  );
}

/**
 * `base` with more names (or names hidden, given as undefined), for an expression's scope. Base's
 * lazy values stay unconverted until read: spreading `base` would convert every one of them.
 */
export function withNames(
  base: Record<string, unknown>,
  extra: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const own: PropertyDescriptorMap = {};
  for (const [name, value] of Object.entries(extra))
    own[name] = { value, enumerable: true, writable: true, configurable: true };
  return Object.create(base, own) as Record<string, unknown>;
}

/** Vars keep the int-ness they had when computed (JSON alone would turn 500000 into a double). */
function varsToCel(state: RunState): unknown {
  const ints = new Set((state.vars.__ints as string[] | undefined) ?? []);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state.vars)) {
    if (k === "__ints") continue;
    out[k] = ints.has(k) && typeof v === "number" ? BigInt(v) : toCel(v, undefined);
  }
  return celMapOf(out);
}

/** Records which vars are ints, next to their JSON values. */
export function storeVars(values: Record<string, { json: Json; isInt: boolean }>): Record<string, Json> {
  const vars: Record<string, Json> = {};
  const ints: string[] = [];
  for (const [k, { json, isInt }] of Object.entries(values)) {
    vars[k] = json;
    if (isInt) ints.push(k);
  }
  if (ints.length > 0) vars.__ints = ints;
  return vars;
}
