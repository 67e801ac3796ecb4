import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { type CelType, CelTypes, typeFromJsonSchema } from "@switchyard/definitions";
import type { RunInfo } from "../components/contract.js";
import { type Json, toCel } from "../expressions/index.js";
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
  startedAt: number,
): Record<string, unknown> {
  const bindings: Record<string, unknown> = {
    run: {
      id: run.id,
      workflow: run.workflowId,
      version: BigInt(run.version),
      region: run.region,
      startedAt: timestampFromMs(startedAt),
      shadow: run.mode === "shadow",
    },
    now: timestampFromMs(now),
  };
  // Converted on first use: most expressions read one or two of these, and converting every
  // step's output for each step of a run was a large share of the engine's time.
  lazily(bindings, "steps", () => {
    const steps: Record<string, unknown> = {};
    for (const [id, result] of Object.entries(state.steps)) {
      steps[id] = {
        output: toCel(result.output, types.outputs.get(id)),
        status: result.error ? "failed" : "completed",
        error: toCel(result.error ?? null, undefined),
      };
    }
    return steps;
  });
  lazily(bindings, "event", () =>
    toCel(state.event ?? { id: "", type: "manual", source: "", payload: null, occurredAt: startedAt }, EVENT),
  );
  lazily(bindings, "vars", () => varsToCel(state));
  lazily(bindings, "record", () => toCel(state.record ?? null, types.record));
  for (const frame of token?.frames ?? [])
    bindings[frame.as] = toCel(frame.items[frame.index] ?? null, undefined);
  return bindings;
}

/** Defines `name` on `target` as `compute()`, run the first time it is read and kept. */
function lazily(target: Record<string, unknown>, name: string, compute: () => unknown): void {
  Object.defineProperty(target, name, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
      return value;
    },
    set(value: unknown) {
      Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
    },
  });
}

/** Vars keep the int-ness they had when computed (JSON alone would turn 500000 into a double). */
function varsToCel(state: RunState): Record<string, unknown> {
  const ints = new Set((state.vars.__ints as string[] | undefined) ?? []);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state.vars)) {
    if (k === "__ints") continue;
    out[k] = ints.has(k) && typeof v === "number" ? BigInt(v) : toCel(v, undefined);
  }
  return out;
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
