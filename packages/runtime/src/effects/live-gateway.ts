import { compileEntitySchema, type Entity } from "@switchyard/definitions";
import type { Store } from "@switchyard/store";
import { type EffectsGateway, type RunInfo, StepFailure } from "../components/contract.js";
import type { StagedEffects } from "./staged.js";
import { stableId } from "../engine/ids.js";

const validators = new WeakMap<Entity, ReturnType<typeof compileEntitySchema>>();

/** Validates a record against its entity's JSON Schema; field-level errors a user can act on. */
export function validateRecord(entity: Entity, data: Record<string, unknown>): void {
  let validate = validators.get(entity);
  if (!validate) {
    validate = compileEntitySchema(entity);
    validators.set(entity, validate);
  }
  if (validate(data)) return;
  const details = (validate.errors ?? []).map((e) => {
    const field =
      e.instancePath.slice(1).replace(/\//g, ".") ||
      String((e.params as { missingProperty?: string }).missingProperty ?? "(record)");
    return { field, message: e.message ?? "is not valid" };
  });
  throw new StepFailure({
    code: "record/invalid",
    message: `The ${entity.id} record does not fit its schema: ${details.map((d) => `${d.field} ${d.message}`).join("; ")}.`,
    hint: `Check the values the step sets against the fields of '${entity.id}'.`,
    details,
  });
}

/**
 * Writes timestamps the way their field stores them: CEL gives a moment (ISO date-time); a
 * `format: date` field keeps its calendar day (UTC).
 */
export function conformDates(entity: Entity, data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  for (const [name, field] of Object.entries(entity.schema.properties)) {
    const value = out[name];
    if (field.format === "date" && typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value))
      out[name] = value.slice(0, 10);
  }
  return out;
}

/** Top-level scalar fields, copied into the look-up index (find-record matches on them). */
function indexedFields(id: string, data: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = { id };
  for (const [k, v] of Object.entries(data)) {
    if ((typeof v === "string" && v.length <= 200) || typeof v === "number" || typeof v === "boolean")
      out[k] = String(v);
  }
  return out;
}

export interface LiveGatewayOptions {
  readonly store: Store;
  readonly run: RunInfo;
  /** The step instance's idempotency base. */
  readonly key: string;
  readonly tokenId: string;
  readonly now: number;
  readonly staged: StagedEffects;
  entity(id: string): Entity | undefined;
}

/**
 * The gateway of live runs. Record writes are validated and staged into the step's commit (so they
 * happen exactly once, with the step); e-mail and HTTP become outbox items with stable idempotency
 * keys, delivered after the commit.
 */
export function createLiveGateway(o: LiveGatewayOptions): EffectsGateway {
  const entityOf = (id: string): Entity => {
    const entity = o.entity(id);
    if (!entity)
      throw new StepFailure({
        code: "record/unknown-entity",
        message: `There is no entity '${id}'.`,
        hint: "Publish the entity before workflows that write it.",
      });
    return entity;
  };
  const outbox = (kind: "email" | "http", payload: unknown) => {
    const key = o.staged.nextKey(o.key, kind);
    const id = stableId("ob", key, o.run.startedAt);
    o.staged.outbox.push({
      id,
      tenantId: o.run.tenantId,
      runId: o.run.id,
      tokenId: o.tokenId,
      idempotencyKey: key,
      kind,
      payload,
      status: "pending",
      attempts: 0,
      nextAttemptAt: o.now,
      lastError: null,
      result: null,
      createdAt: o.now,
      sentAt: null,
    });
    return id;
  };
  return {
    async createRecord(entityId, data) {
      const entity = entityOf(entityId);
      const writeKey = o.staged.nextKey(o.key, "create");
      const id =
        typeof data.id === "string" && data.id !== ""
          ? data.id
          : stableId(entityId, writeKey, o.run.startedAt);
      const record = conformDates(entity, data);
      delete record.id;
      validateRecord(entity, record);
      o.staged.recordWrites.push({
        entity: entityId,
        id,
        op: "create",
        data: record,
        writeKey,
        indexed: indexedFields(id, record),
      });
      o.staged.summary.push({ kind: "record-create", target: `${entityId}/${id}`, detail: record });
      return { id, record };
    },
    async updateRecord(entityId, id, changes) {
      const entity = entityOf(entityId);
      const staged = [...o.staged.recordWrites].reverse().find((w) => w.entity === entityId && w.id === id);
      const stored = staged ? undefined : await o.store.getRecord(o.run.tenantId, entityId, id);
      const current = staged?.data ?? stored?.data;
      // The version this update builds on: the update applies only if no one else wrote since.
      const baseVersion = staged
        ? staged.op === "create"
          ? 1
          : staged.baseVersion === undefined
            ? undefined
            : staged.baseVersion + 1
        : stored?.version;
      if (!current)
        throw new StepFailure({
          code: "record/not-found",
          message: `There is no ${entityId} record '${id}'.`,
          hint: "Check the id the step passes; find-record can look it up first.",
        });
      const record = conformDates(entity, { ...current, ...changes });
      delete record.id;
      validateRecord(entity, record);
      const writeKey = o.staged.nextKey(o.key, "update");
      o.staged.recordWrites.push({
        entity: entityId,
        id,
        op: "update",
        data: record,
        writeKey,
        ...(baseVersion === undefined ? {} : { baseVersion }),
        indexed: indexedFields(id, record),
      });
      o.staged.summary.push({ kind: "record-update", target: `${entityId}/${id}`, detail: changes });
      return { id, record };
    },
    sendEmail(message) {
      const outboxId = outbox("email", message);
      o.staged.summary.push({
        kind: "email",
        target: message.to.join(", "),
        detail: { subject: message.subject },
      });
      return { outboxId };
    },
    httpRequest(request) {
      const outboxId = outbox("http", request);
      o.staged.summary.push({
        kind: "http",
        target: `${request.method} ${request.url}`,
        detail: request.body ?? null,
      });
      return { outboxId };
    },
    notify(n) {
      const ids = n.recipients.map((recipient) => {
        const id = stableId("nt", o.staged.nextKey(o.key, "notify"), o.run.startedAt);
        o.staged.notifications.push({
          id,
          tenantId: o.run.tenantId,
          recipient,
          title: n.title,
          message: n.message,
          link: n.link ?? null,
          runId: o.run.id,
          createdAt: o.now,
        });
        return id;
      });
      o.staged.summary.push({
        kind: "notification",
        target: n.recipients.join(", "),
        detail: { title: n.title },
      });
      return { ids };
    },
    nextCounter(key) {
      return o.store.nextCounter(o.run.tenantId, key);
    },
  };
}
